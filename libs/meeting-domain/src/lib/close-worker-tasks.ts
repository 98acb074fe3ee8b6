/**
 * The close worker's tasks at the joint meeting (seed 002, "rooli yhteisellä ajalla"), as the checklist the meeting
 * record carries. Data only: the decider checks task keys against it.
 */
export const CLOSE_WORKER_TASKS = [
  {
    key: 'introduction-round',
    fi: 'Toivotti tervetulleeksi ja aloitti esittelykierroksen',
    sv: 'Hälsade välkommen och inledde presentationsrundan',
    en: 'Welcomed everyone and started the introduction round',
  },
  { key: 'time-kept', fi: 'Huolehti aikataulusta', sv: 'Höll tidsramen', en: 'Kept time' },
  {
    key: 'feedback-collected',
    fi: 'Huolehti palautteen keräämisestä',
    sv: 'Samlade in familjens respons',
    en: "Collected the family's feedback",
  },
  {
    key: 'plan-printed-and-handed-over',
    fi: 'Kirjasi ja tulosti yhteisen suunnitelman perheelle',
    sv: 'Skrev ner och skrev ut den gemensamma planen åt familjen',
    en: 'Recorded and printed the joint plan and handed it to the family',
  },
] as const;

export type CloseWorkerTask = (typeof CLOSE_WORKER_TASKS)[number]['key'];
export const CLOSE_WORKER_TASK_KEYS: readonly CloseWorkerTask[] = CLOSE_WORKER_TASKS.map((t) => t.key);

/** A key the checklist knows (what a request names is checked against the checklist, not taken on trust). */
export function isCloseWorkerTask(key: string): key is CloseWorkerTask {
  return CLOSE_WORKER_TASK_KEYS.some((task) => task === key);
}
