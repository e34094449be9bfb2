import type { Db } from '../db/client.ts';
import { loadDemoCases } from './cases.demo.ts';
import { loadDemoClimate } from './climate.demo.ts';
import { loadDemoCulture } from './culture.demo.ts';
import { loadDemoInternalService } from './internal-service.demo.ts';
import { loadDemoLeadership } from './leadership.demo.ts';
import { type DemoResult, loadDemoPeople } from './people.demo.ts';
import { loadDemoRecognition } from './recognition.demo.ts';
import { loadDemoStrategy } from './strategy.demo.ts';
import { loadDemoTraining } from './training.demo.ts';
import { loadDemoVoice } from './voice.demo.ts';

/**
 * The whole demo organisation, one capability after another; used by `serviceloop demo` and by
 * the first start on an empty database, so both give the same demo. Each step is idempotent: it
 * adds its data only to a demo organisation that has none of it yet.
 */
export async function loadDemo(db: Db, progress: (message: string) => void) {
  const people: DemoResult = await loadDemoPeople(db, progress);
  const voice = await loadDemoVoice(db, people.orgId, progress);
  await loadDemoCases(db, people.orgId, progress);
  await loadDemoRecognition(db, people.orgId, progress);
  await loadDemoCulture(db, people.orgId, progress);
  await loadDemoInternalService(db, people.orgId, progress);
  await loadDemoClimate(db, people.orgId, progress);
  await loadDemoStrategy(db, people.orgId, progress);
  await loadDemoTraining(db, people.orgId, progress);
  await loadDemoLeadership(db, people.orgId, progress);
  return { people, voice };
}
