/** What every screen is, and what it may ask of the app. */
import type { KioskConfig, PersonComingView, UiEvent, VisitView } from '../../device/http/contract.js';

export type Route =
  | { screen: 'attract' }
  | { screen: 'form'; visit: VisitView }
  | { screen: 'thanks'; name: string }
  /** After "Talk to a person": who is coming, then who has seen the request. */
  | { screen: 'coming'; visitId: string; person: PersonComingView }
  | { screen: 'staff' }
  | { screen: 'diagnostics' };

export interface AppContext {
  readonly config: KioskConfig;
  go(route: Route): void;
}

export interface Screen {
  readonly el: HTMLElement;
  /** Live events while this screen is shown. */
  onEvent?(event: UiEvent): void;
  /** Called once when the screen is replaced. */
  dispose?(): void;
}
