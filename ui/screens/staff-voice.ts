/** The staff screen's Voice section: how the robot listens, its wake phrase, and the wake word models' licence. */
import type { StaffSettings } from '../../device/http/contract.js';
import { h } from '../lib/dom.js';

export function voiceSection(voice: StaffSettings['voice']): HTMLElement {
  // speech.mode 'auto' picks at start; staff see what it picked and why ("no microphone found: using the touch screen").
  const mode = `${voice.mode === 'audio' ? 'Voice and touch' : 'Touch only'} (${voice.setting === 'auto' ? `speech.mode auto: ${voice.reason}` : voice.reason})`;
  return h(
    'section',
    { class: 'staff-voice', id: 'staff-voice', 'aria-labelledby': 'staff-voice-title' },
    h('h2', { id: 'staff-voice-title' }, 'Voice'),
    h(
      'dl',
      { class: 'staff-facts' },
      h('dt', {}, 'Speech'),
      h('dd', { id: 'voice-mode' }, mode),
      h('dt', {}, 'Wake phrase'),
      h('dd', { id: 'voice-wake' }, `“${voice.wakePhrase}” (${voice.wakeEngine})`),
    ),
    voice.licenceNotice ? h('p', { class: 'licence-notice', id: 'voice-licence' }, h('strong', {}, 'Wake word licence: '), voice.licenceNotice) : null,
  );
}
