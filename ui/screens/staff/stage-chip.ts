/** A stage as a chip whose definition shows on hover (title) and on tap (a line under it): shown wherever a stage is. */
import type { StageRef } from '../../../device/http/contract.js';
import { h } from '../../lib/dom.js';

export function stageChip(stage: StageRef): HTMLElement {
  const definition = h('span', { class: 'stage-definition', role: 'note', hidden: true }, stage.definition);
  const chip = h(
    'button',
    {
      type: 'button',
      class: `stage-chip stage-${stage.id}`,
      title: stage.definition,
      'data-stage': stage.id,
      'aria-expanded': 'false',
      onclick: (e: Event) => {
        e.stopPropagation(); // a tap on the chip explains the stage; it does not open the row
        definition.hidden = !definition.hidden;
        chip.setAttribute('aria-expanded', String(!definition.hidden));
      },
    },
    stage.name,
  );
  return h('span', { class: 'stage-ref' }, chip, definition);
}
