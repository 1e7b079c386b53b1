/**
 * A stage as staff see it, also when the settings in force no longer have it: a stage removed through the config
 * file or a cloud push (Settings refuses to remove one contacts are in, device/crm/stage-removal.ts) leaves contacts
 * and history entries in it. They are shown as a removed stage, by a readable name that keeps the id (to find it in
 * the old config), with a definition that says what to do; moving the contact on works as from any stage.
 */
import type { StageDef, StageRef } from './types.js';

export const removedStageName = (id: string): string => `Removed stage (${id})`;

export const REMOVED_STAGE_DEFINITION =
  'This stage is no longer in the settings (removed through the config file or a cloud update). Move the contact to one of the current stages.';

/** The stage of `id` among `stages`, or the removed stage it was. */
export function stageRefIn(stages: readonly StageDef[], id: string): StageRef {
  const st = stages.find((x) => x.id === id);
  return st ? { id: st.id, name: st.name, definition: st.definition } : { id, name: removedStageName(id), definition: REMOVED_STAGE_DEFINITION };
}
