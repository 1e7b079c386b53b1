/**
 * A contact's story, newest first: each activity's sentence, when and by whom, and what it carried — a visit's
 * answers and its transcript (folded, opened on tap), a note, a stage change with its note, an outcome.
 */
import type { TimelineItem } from '../../../device/http/contract.js';
import { h } from '../../lib/dom.js';
import { actorName, fieldLabel, fieldText, when } from './format.js';

export function timelineList(items: TimelineItem[], stageName: (id: string | null) => string, reasonName: (id: string) => string): HTMLElement {
  if (items.length === 0) return h('p', { class: 'contacts-empty' }, 'Nothing has happened yet.');
  return h(
    'ol',
    { class: 'timeline', id: 'timeline' },
    items.map((item) => {
      const a = item.activity;
      return h(
        'li',
        { class: `tl-item tl-is-${a.type}`, 'data-type': a.type, 'data-activity-id': a.id },
        h(
          'div',
          { class: 'tl-head' },
          h('strong', { class: 'tl-summary' }, item.summary),
          h('span', { class: 'tl-meta' }, `${when(a.at)} · ${actorName(a.by)}`),
        ),
        details(item, stageName, reasonName),
      );
    }),
  );
}

function details(item: TimelineItem, stageName: (id: string | null) => string, reasonName: (id: string) => string): HTMLElement | null {
  const a = item.activity;
  switch (a.type) {
    case 'visit': {
      const answers = Object.entries(a.data.answers).filter(([, v]) => v !== null && v !== '');
      return h(
        'div',
        { class: 'tl-body' },
        answers.length
          ? h(
              'dl',
              { class: 'staff-facts' },
              answers.flatMap(([k, v]) => [
                h('dt', {}, fieldLabel(k)),
                h('dd', {}, fieldText(v), a.data.unconfirmed?.includes(k) ? h('span', { class: 'unconfirmed' }, 'not confirmed') : null),
              ]),
            )
          : null,
        a.data.transcript.length
          ? h(
              'details',
              { class: 'transcript' },
              h('summary', {}, `Transcript (${a.data.transcript.length} ${a.data.transcript.length === 1 ? 'line' : 'lines'})`),
              h(
                'ol',
                { class: 'transcript-lines' },
                a.data.transcript.map((line) =>
                  h('li', { class: `said-${line.who}` }, h('span', { class: 'who' }, line.who === 'robot' ? 'Robot: ' : 'Visitor: '), line.text),
                ),
              ),
            )
          : null,
      );
    }
    case 'note':
      return h('p', { class: 'tl-note' }, a.data.text);
    case 'stage-changed':
      return h(
        'div',
        { class: 'tl-body' },
        h('p', { class: 'tl-stage' }, `${stageName(a.data.from)} → ${stageName(a.data.to)}`),
        h('p', { class: 'tl-note' }, a.data.note),
      );
    case 'field-changed':
      return h('p', { class: 'tl-body' }, `${fieldLabel(a.data.field)}: ${fieldText(a.data.from)} → ${fieldText(a.data.to)}`);
    case 'outcome':
      return h(
        'dl',
        { class: 'staff-facts tl-body' },
        h('dt', {}, 'Result'),
        h('dd', {}, a.data.result === 'won' ? 'Won' : 'Lost'),
        a.data.reason ? [h('dt', {}, 'Reason'), h('dd', { class: 'tl-reason' }, reasonName(a.data.reason))] : null,
        a.data.wellQualified !== null ? [h('dt', {}, 'Well qualified'), h('dd', {}, a.data.wellQualified ? 'Yes' : 'No')] : null,
        a.data.objection ? [h('dt', {}, 'Objection'), h('dd', {}, a.data.objection)] : null,
        a.data.note ? [h('dt', {}, 'Note'), h('dd', { class: 'tl-note' }, a.data.note)] : null,
      );
    case 'owner-changed':
      return a.data.note ? h('p', { class: 'tl-note' }, a.data.note) : null;
    default:
      return null;
  }
}
