/**
 * What the robot says in text visits on a running runtime, every line as the visitor hears it (the voice's, so the
 * farewell said after the visit closed is there too): a visit that asks a price, then a persona that gives a lead and
 * sends it. For tests of "What the robot says": the next visit after a save hears the new words.
 */
import type { Runtime } from '../../device/runtime.js';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { TextVisitorListener, VirtualVisitor } from '../../device/simulate/visitor.js';
import { TextVoice } from '../../models/text/voice.js';

const ANA = { name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com', reason: 'a haircut', consent: true };

export async function robotSays(runtime: Runtime, question = 'how much is a haircut?'): Promise<string> {
  const heard: string[] = [];
  for (const script of [visitFileSchema.parse({ turns: [{ say: question }] }), visitFileSchema.parse({ persona: ANA })]) {
    const voice = new TextVoice();
    const r = await simulateVisit(runtime, script, {
      waitSyncMs: 0,
      speech: { voice, listener: new TextVisitorListener(new VirtualVisitor(script)), personaListener: (persona) => persona },
    });
    if (script.persona && r.outcome !== 'stored')
      throw new Error(`the persona's visit ended ${r.outcome}, not stored: ${voice.said.map((s) => s.text).join(' | ')}`);
    heard.push(...voice.said.map((s) => s.text));
  }
  return heard.join('\n');
}
