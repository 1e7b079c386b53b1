/**
 * The robot body, as the runtime sees it: joints, lights, sensors, gestures.
 *
 * Every body driver (the simulated twin, Firmata over serial) implements this interface; the runtime never knows
 * which one it holds. Angles are degrees (0-180, servo convention), light levels 0-1, distances centimetres.
 * Events are meaningful (presence, estop), never raw pin readings.
 */
import type { EventEmitter } from 'node:events';

/** Named keyframe sequences; the set is open (config may add gestures), these are the ones the dialog uses. */
export type GestureName = 'greet' | 'nod' | 'shake' | 'look' | 'idle' | 'thinking' | 'farewell' | 'rest' | (string & {});

export interface GesturePlay {
  name: GestureName;
  startedAt: number; // epoch ms
  endedAt?: number;
  interrupted?: boolean;
}

export interface BodyState {
  driver: string; // 'simulated' | 'firmata' | ...
  connected: boolean;
  /** Human-readable reason when not connected or faulted. */
  problem?: string;
  firmware?: { name: string; version: string };
  joints: Record<string, number>; // joint name -> degrees
  lights: Record<string, number>; // light name -> 0..1
  sensors: { presence?: boolean; distanceCm?: number };
  estop: boolean;
  lastGesture?: GesturePlay;
  gesturesPlayed: number;
}

/** What a body has: joints with their limits and rest angle (degrees), lights, and the gestures it can play. */
export interface BodyLayout {
  joints: Record<string, { min: number; max: number; rest: number }>;
  lights: Record<string, { pwm: boolean }>;
  gestures: string[];
}

export interface BodyEvents {
  /** Someone arrived (true) or left (false), already debounced. */
  presence: [present: boolean];
  /** Emergency stop pressed (true) or released (false). */
  estop: [engaged: boolean];
  gesture: [play: GesturePlay];
  connection: [connected: boolean, problem?: string];
}

export interface BodyDriver extends EventEmitter<BodyEvents> {
  readonly kind: string;
  open(): Promise<void>;
  /** Sends the body to its rest pose, then releases the port. */
  close(): Promise<void>;
  /** Plays a named gesture; resolves when it ends or is interrupted by another gesture or the emergency stop. */
  play(gesture: GestureName, signal?: AbortSignal): Promise<GesturePlay>;
  /** Moves one joint (clamped to its limits, rate-limited). */
  moveJoint(joint: string, degrees: number): Promise<void>;
  setLight(light: string, level: number): Promise<void>;
  state(): BodyState;
  /** Joints and their limits, lights, gestures: what a technician may move and play. */
  layout(): BodyLayout;
}
