/**
 * The live caption bar: what the robot just said, and what the visitor is saying (partial captions replace each
 * other; a final one stays a moment, then fades).
 */
import { h } from './lib/dom.js';

export const CAPTION_HOLD_MS = 5000;

export class CaptionBar {
  readonly el: HTMLElement;
  private readonly robotLine: HTMLElement;
  private readonly visitorLine: HTMLElement;
  private timer: number | undefined;

  constructor() {
    this.robotLine = h('p', { class: 'caption-robot', id: 'caption-robot' });
    this.visitorLine = h('p', { class: 'caption-visitor', id: 'caption' });
    this.el = h('div', { class: 'caption-bar', 'aria-live': 'polite', hidden: true }, this.robotLine, this.visitorLine);
  }

  robotSays(text: string): void {
    this.robotLine.textContent = text;
    this.visitorLine.textContent = '';
    this.hold();
  }

  caption(text: string, final: boolean): void {
    this.visitorLine.textContent = text;
    this.visitorLine.classList.toggle('partial', !final);
    if (final) this.hold();
    else this.show();
  }

  clear(): void {
    window.clearTimeout(this.timer);
    this.robotLine.textContent = '';
    this.visitorLine.textContent = '';
    this.el.hidden = true;
  }

  private show(): void {
    window.clearTimeout(this.timer);
    this.el.hidden = false;
  }

  private hold(): void {
    this.show();
    this.timer = window.setTimeout(() => this.clear(), CAPTION_HOLD_MS);
  }
}
