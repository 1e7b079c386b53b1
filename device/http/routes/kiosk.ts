/**
 * GET /api/kiosk: what the attract and form screens show, from the config running now. An open kiosk learns of a new
 * config (downlink) at once, and of whether to invite visitors to say the wake phrase when the microphone comes or goes.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/schema.js';
import { hearsWakeWord, wakePhrase, type RuntimeVoice } from '../../speech/voice-host.js';
import { fieldView, messagesOf } from '../../visit/fields.js';
import type { KioskConfig, UiEvent } from '../contract.js';

export interface KioskRouteDeps {
  config: () => Config;
  voice: Pick<RuntimeVoice, 'on' | 'health'>;
  onConfigReplaced(listener: () => void): () => void;
  broadcast(event: UiEvent): void;
}

export function kioskConfig(config: Config, hears: boolean, voiceEnabled: boolean): KioskConfig {
  return {
    businessName: config.business.name,
    // The words the robot says (a staff override, {business} filled), not the profile's text as typed.
    greeting: messagesOf(config).say('greeting'),
    attractText: config.business.attractText,
    wakePhrase: hears ? wakePhrase(config.speech) : null,
    idleTimeoutMs: config.kiosk.idleTimeoutMs,
    voiceEnabled,
    fields: config.intake.fields.map((f) => fieldView(f, config)),
  };
}

/** Registers the route; returns the function that stops watching. */
export function registerKioskRoute(app: FastifyInstance, deps: KioskRouteDeps): () => void {
  const current = (): KioskConfig => {
    const h = deps.voice.health();
    return kioskConfig(deps.config(), hearsWakeWord(h), h.mode === 'audio'); // the mode decided at start, not speech.mode ('auto')
  };
  const stopConfigWatch = deps.onConfigReplaced(() => deps.broadcast({ type: 'kiosk', config: current() }));
  let hears = hearsWakeWord(deps.voice.health());
  const stopVoiceWatch = deps.voice.on('state', () => {
    const now = hearsWakeWord(deps.voice.health());
    if (now === hears) return;
    hears = now;
    deps.broadcast({ type: 'kiosk', config: current() });
  });
  app.get('/api/kiosk', async (): Promise<KioskConfig> => current());
  return () => {
    stopConfigWatch();
    stopVoiceWatch();
  };
}
