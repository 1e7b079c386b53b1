/**
 * "Hear the prompt" in the intake editor: renders a line with the robot's own voice (the runtime's TTS, through the
 * staff route POST /api/staff/speech/preview) and plays it in one <audio> element, saying what plays or what failed.
 */
import { ApiCallError, api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';

export interface PromptPlayer {
  /** The <audio> element and the line under it that says what plays or what failed. */
  readonly el: HTMLElement;
  /** A button that renders and plays what `text()` returns when pressed (the field's current, unsaved text). */
  button(label: string, ariaLabel: string, text: () => string | undefined, whenEmpty?: string): HTMLButtonElement;
}

export function promptPlayer(token: string, onSessionEnd: () => void): PromptPlayer {
  const audio = h('audio', { id: 'intake-player', controls: true, preload: 'auto' });
  const status = h('p', { class: 'staff-status', role: 'status', id: 'intake-hear-status' });
  let url: string | null = null;
  let saying = '';
  audio.addEventListener('playing', () => (status.textContent = `Playing: “${saying}”`));
  audio.addEventListener('ended', () => (status.textContent = `Played: “${saying}”`));
  audio.addEventListener('error', () => (status.textContent = 'This browser could not play the robot’s voice.'));

  async function play(text: string): Promise<void> {
    status.textContent = 'Rendering with the robot’s voice…';
    try {
      const wav = await api.hearLine(token, text);
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(wav);
      saying = text;
      audio.src = url;
      await audio.play();
    } catch (err) {
      if (err instanceof ApiCallError && err.status === 401) return onSessionEnd();
      status.textContent =
        err instanceof ApiCallError
          ? (err.body?.message ?? `The runtime answered ${err.status}.`)
          : // play() refused (no sound output, autoplay rules): the audio is loaded and its controls can play it.
            `Rendered; press play on the player to hear it (${(err as Error).message}).`;
    }
  }

  return {
    el: h('div', { class: 'intake-player' }, audio, status),
    button: (label, ariaLabel, text, whenEmpty = 'Nothing to hear yet: write the line first.') =>
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary intake-hear',
          'aria-label': ariaLabel,
          onclick: () => {
            const t = text()?.trim();
            if (!t) status.textContent = whenEmpty;
            else void play(t);
          },
        },
        label,
      ),
  };
}
