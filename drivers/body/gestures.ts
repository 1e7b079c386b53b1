/**
 * Gestures as data: named keyframe sequences a config may override or extend.
 *
 * A keyframe moves the named joints to their angles (degrees) in `ms` milliseconds (slower if a joint's speed limit
 * says so), sets the named lights (0-1), then holds still for `holdMs`. Joints a keyframe does not name stay where
 * they are. `repeat` plays the keyframes that many times in all.
 */
import { z } from 'zod';

export const keyframeSchema = z.object({
  joints: z.record(z.string(), z.number().min(0).max(180)).default({}),
  lights: z.record(z.string(), z.number().min(0).max(1)).optional(),
  ms: z.number().int().min(0).max(60_000),
  holdMs: z.number().int().min(0).max(60_000).default(0),
});

export const gestureSchema = z.object({
  keyframes: z.array(keyframeSchema).min(1),
  repeat: z.number().int().min(1).max(100).default(1),
});

export const gesturesSchema = z.record(z.string().min(1), gestureSchema);

export type Keyframe = z.infer<typeof keyframeSchema>;
export type Gesture = z.infer<typeof gestureSchema>;
export type GestureSet = z.infer<typeof gesturesSchema>;

const center = { headPan: 90, headTilt: 90 };

/** The default set, for the Uno pin map's joints headPan, headTilt, arm and lights status, glow. */
export const DEFAULT_GESTURES: GestureSet = {
  rest: { repeat: 1, keyframes: [{ joints: { ...center, arm: 10 }, lights: { glow: 0.1 }, ms: 800, holdMs: 0 }] },
  idle: {
    repeat: 1,
    keyframes: [
      { joints: { headPan: 80, headTilt: 92 }, ms: 1200, holdMs: 400 },
      { joints: { headPan: 100, headTilt: 88 }, ms: 1600, holdMs: 400 },
      { joints: { ...center }, ms: 1200, holdMs: 0 },
    ],
  },
  look: { repeat: 1, keyframes: [{ joints: { headPan: 90, headTilt: 100 }, lights: { glow: 0.6 }, ms: 400, holdMs: 200 }] },
  greet: {
    repeat: 1,
    keyframes: [
      { joints: { headTilt: 100, arm: 150 }, lights: { glow: 1 }, ms: 500, holdMs: 0 },
      { joints: { arm: 120 }, ms: 250, holdMs: 0 },
      { joints: { arm: 150 }, ms: 250, holdMs: 0 },
      { joints: { arm: 120 }, ms: 250, holdMs: 0 },
      { joints: { arm: 150 }, ms: 250, holdMs: 150 },
      { joints: { arm: 10, headTilt: 95 }, lights: { glow: 0.6 }, ms: 600, holdMs: 0 },
    ],
  },
  nod: {
    repeat: 2,
    keyframes: [
      { joints: { headTilt: 75 }, ms: 200, holdMs: 0 },
      { joints: { headTilt: 100 }, ms: 250, holdMs: 0 },
      { joints: { headTilt: 90 }, ms: 150, holdMs: 0 },
    ],
  },
  shake: {
    repeat: 2,
    keyframes: [
      { joints: { headPan: 70 }, ms: 200, holdMs: 0 },
      { joints: { headPan: 110 }, ms: 350, holdMs: 0 },
      { joints: { headPan: 90 }, ms: 200, holdMs: 0 },
    ],
  },
  thinking: {
    repeat: 1,
    keyframes: [
      { joints: { headPan: 105, headTilt: 105 }, lights: { glow: 0.3 }, ms: 500, holdMs: 600 },
      { joints: { headPan: 95, headTilt: 100 }, lights: { glow: 0.5 }, ms: 500, holdMs: 600 },
    ],
  },
  farewell: {
    repeat: 1,
    keyframes: [
      { joints: { arm: 140, headTilt: 95 }, lights: { glow: 0.8 }, ms: 500, holdMs: 0 },
      { joints: { arm: 110 }, ms: 300, holdMs: 0 },
      { joints: { arm: 140 }, ms: 300, holdMs: 200 },
      { joints: { ...center, arm: 10 }, lights: { glow: 0.2 }, ms: 800, holdMs: 0 },
    ],
  },
};
