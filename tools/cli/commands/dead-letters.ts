import { Command, Option } from 'commander';
import { Api } from '../api';
import { letterOption, listFromApi, replayBody, replayThroughApi, tableLine } from '../dead-letters/api-dead-letters';
import type { DeadLetter, KafkaDeadLetters } from '../dead-letters/kafka-dead-letters';
import { connectionOf } from '../program-options';
import { CommandFailed, UsageError } from '../usage-error';

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const OFFSET = /^\d{1,19}$/;
const letterId = (letter: Pick<DeadLetter, 'partition' | 'offset'>) => `${letter.partition}/${letter.offset}`;

/** With KAFKA_BROKERS the letters are `<topic>.dlq` on the brokers; without, the embedded default's, through its API. */
const onKafka = () => Boolean(process.env.KAFKA_BROKERS);
/** An administrator's client of the API (the demo's pekka when nothing else is given to a demo issuer). */
const adminApi = (self: Command) => new Api(connectionOf(self), 'pekka');

function reasonOption(reason: string | undefined): string | undefined {
  if (reason !== undefined && (reason.length < 1 || reason.length > 300 || /[\n\r]/.test(reason)))
    throw new UsageError('--reason: one line of 1–300 characters');
  return reason;
}

function topicOption(topic: string | undefined): string | undefined {
  if (topic !== undefined && !TOPIC.test(topic)) throw new UsageError(`--topic: "${topic.slice(0, 60)}" is not a Kafka topic name`);
  return topic;
}

async function withDeadLetters<T>(work: (store: KafkaDeadLetters) => Promise<T>): Promise<T> {
  let store: KafkaDeadLetters;
  try {
    // Loaded here: the Kafka client and the contracts are not needed by any other command (or by --help).
    const { KafkaDeadLetters } = await import('../dead-letters/kafka-dead-letters');
    store = await KafkaDeadLetters.connect();
  } catch (error) {
    throw new CommandFailed(`cannot reach the brokers: ${(error as Error).message}`);
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** One line per letter: where it lies, when and where it failed, why; no payload (it may hold sealed personal data). */
function line(letter: DeadLetter): string {
  const times = (letter.replayed?.times ?? 1) > 1 ? ` (${letter.replayed?.times} times)` : '';
  const replayed = letter.replayed ? `replayed ${letter.replayed.replayedAt} by ${letter.replayed.by}${times}` : 'not replayed';
  const source = letter.source
    ? `${letter.sourceTopic} ${letter.source.partition}/${letter.source.offset}`
    : `${letter.sourceTopic} (never published)`;
  return `${letter.topic} ${letterId(letter)}  ${letter.failedAt}  ${letter.eventType ?? '?'} ${letter.eventId ?? ''}  from ${source}  consumer ${letter.consumer}  ${replayed}\n    ${letter.error}\n`;
}

/** Publishes the chosen letters again, an administrator's replay: the API records each before and after (403 otherwise). */
async function replayOnKafka(
  store: KafkaDeadLetters,
  letters: Awaited<ReturnType<KafkaDeadLetters['letters']>>,
  api: Api,
  reason?: string,
) {
  const unreplayable = letters.filter((l) => !l.source).map(letterId);
  if (unreplayable.length > 0)
    throw new CommandFailed(
      `${unreplayable.join(', ')} never reached a consumer (the relay set a stored event aside: it breaks its contract); fix the contract or add an upcaster instead`,
    );
  const named = letters.map((l) => ({
    topic: l.topic,
    partition: l.partition,
    offset: l.offset,
    to: l.sourceTopic,
    ...(l.eventId ? { eventId: l.eventId } : {}),
    ...(l.eventType ? { eventType: l.eventType } : {}),
    ...(l.caseId ? { caseId: l.caseId } : {}),
  }));
  const path = '/admin/dead-letters/kafka-replays';
  const extra = reason ? { reason } : {};
  // No log, no replay: an administrator only, written in the access log before anything is published.
  const { by } = await api.json<{ by: string }>('POST', path, {}, { letters: named, ...extra });
  const done: typeof named = [];
  try {
    await store.replay(letters, by, (letter) => {
      done.push(named[letters.indexOf(letter)]);
      process.stdout.write(
        `replayed ${letter.topic} ${letterId(letter)} → ${letter.sourceTopic} (${letter.eventType ?? '?'} ${letter.eventId ?? ''})\n`,
      );
    });
  } catch (error) {
    const why = (error as Error).message.replace(/\s+/g, ' ').slice(0, 180);
    if (done.length > 0) await api.request('POST', path, {}, { letters: done, outcome: 'published', ...extra });
    const failed = named[done.length];
    if (failed) await api.request('POST', path, {}, { letters: [failed], outcome: `failed: ${why}`, ...extra });
    throw new CommandFailed(`replaying stopped after ${done.length} of ${letters.length}: ${why}`);
  }
  await api.request('POST', path, {}, { letters: named, outcome: 'published', ...extra });
}

export function deadLettersCommand(): Command {
  const deadLetters = new Command('dead-letters').description(
    'messages consumers set aside: list and show them, replay them once fixed (administrators)',
  );
  deadLetters.addHelpText(
    'after',
    `
With KAFKA_BROKERS (the five services): the letters are <topic>.dlq on the brokers, read and published with the
services' settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*). Reading needs read on the dead-letter topic
and on consumer groups named <account>.cli-… (PERHEVERKKO_GROUP_PREFIX); replaying needs write on the source topic
(run it with the account of the service that owns it) and an administrator's sign-in to the API (--url), which
records each replay in its access log (POST /admin/dead-letters/kafka-replays) and refuses anyone else.
Without KAFKA_BROKERS (the embedded default): the letters are each consumer's <schema>.dead_letters table, named
<schema>:<n>, listed, shown and replayed through the API (/admin/dead-letters) by an administrator.`,
  );

  deadLetters
    .command('list')
    .description('every dead letter, or those of one topic: where it lies, when and where it failed, why, whether replayed')
    .option('--topic <topic>', 'a source topic (intake.events.v1) or its dead-letter topic (intake.events.v1.dlq)')
    .addOption(new Option('--format <format>', 'text, or json (adds the case id on Kafka)').choices(['text', 'json']).default('text'))
    .action(async (options: { topic?: string; format: string }, self: Command) => {
      const topic = topicOption(options.topic);
      if (!onKafka()) {
        const listed = await listFromApi(adminApi(self), topic);
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
        else if (listed.length === 0) process.stdout.write(`no dead letters${topic ? ` in ${topic}` : ''}\n`);
        else for (const letter of listed) process.stdout.write(tableLine(letter));
        return;
      }
      await withDeadLetters(async (store) => {
        const listed: DeadLetter[] = [];
        for (const dlq of await store.topics(topic))
          listed.push(...(await store.letters(dlq)).map(({ message: _message, ...letter }) => letter));
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
        else if (listed.length === 0) process.stdout.write(`no dead letters${topic ? ` in ${topic}` : ''}\n`);
        else for (const letter of listed) process.stdout.write(line(letter));
      });
    });

  deadLetters
    .command('show')
    .description('one letter: where it lies, its headers and error, its payload with every sealed value left sealed')
    .option('--topic <topic>', 'Kafka: the source topic or its dead-letter topic')
    .option('--partition <n>', "Kafka: the dead-letter topic's partition")
    .option('--offset <n>', 'Kafka: its offset in that partition')
    .option('--letter <schema:n>', 'embedded default: the letter as the list names it (reporting:17)')
    .action(async (options: { topic?: string; partition?: string; offset?: string; letter?: string }, self: Command) => {
      if (!onKafka()) {
        if (!options.letter)
          throw new UsageError('--letter: required without KAFKA_BROKERS (the embedded default names letters <schema>:<n>)');
        const { schema, number } = letterOption(options.letter);
        const shown = await adminApi(self).json<unknown>('GET', `/admin/dead-letters/${schema}/${number}`);
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return;
      }
      if (options.topic === undefined || options.partition === undefined || options.offset === undefined)
        throw new UsageError('--topic, --partition and --offset: required on Kafka (as dead-letters list names the letter)');
      const topic = topicOption(options.topic) ?? '';
      for (const [name, value] of Object.entries({ partition: options.partition, offset: options.offset }))
        if (!OFFSET.test(value)) throw new UsageError(`--${name}: a whole number, not "${value.slice(0, 20)}"`);
      await withDeadLetters(async (store) => {
        const [dlq] = await store.topics(topic);
        const found = (await store.letters(dlq)).find((l) => l.partition === Number(options.partition) && l.offset === options.offset);
        if (!found)
          throw new CommandFailed(`no dead letter ${options.partition}/${options.offset} in ${dlq}; dead-letters list --topic ${dlq}`);
        const { message, ...letter } = found;
        const { redactedPayload } = await import('@perheverkko/messaging');
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        process.stdout.write(`${JSON.stringify({ ...letter, headers, payload: redactedPayload(message.value) }, null, 2)}\n`);
      });
    });

  deadLetters
    .command('replays')
    .description('Kafka: the replay log of a topic (<topic>.dlq.replays): every replay, who made it, when, of which letter, to where')
    .requiredOption('--topic <topic>', 'the source topic or its dead-letter topic')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      "\nThe embedded default keeps each letter's last replay in its table (dead-letters list) and every one in the access log.",
    )
    .action(async (options: { topic: string; format: string }) => {
      if (!onKafka())
        throw new UsageError(
          "KAFKA_BROKERS is not set: the replay log is on Kafka; the embedded default's list says who replayed each letter",
        );
      const topic = topicOption(options.topic) ?? '';
      await withDeadLetters(async (store) => {
        const [dlq] = await store.topics(topic);
        const log = await store.replayLog(dlq);
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
        else if (log.length === 0) process.stdout.write(`no replays of ${dlq}\n`);
        else
          for (const { letter, record } of log)
            process.stdout.write(
              `${record.replayedAt}  ${dlq} ${letter} → ${record.to}  event ${record.eventId ?? '?'}  by ${record.by}\n`,
            );
      });
    });

  deadLetters
    .command('replay')
    .description('hand dead letters to their consumers again (one, a range, or all of a topic), each logged; administrators')
    .option('--topic <topic>', 'the source topic or its dead-letter topic (Kafka: always; embedded: with --all)')
    .option('--partition <n>', "Kafka: the dead-letter topic's partition (with --offset, or --from and --to)")
    .option('--offset <n>', 'Kafka: one letter, its offset in that partition')
    .option('--letter <schema:n>', 'embedded default: one letter, as the list names it')
    .option('--table <schema>', 'embedded default: a range of one consumer’s table (with --from and --to)')
    .option('--from <n>', 'a range: first offset (Kafka) or number (embedded)')
    .option('--to <n>', 'a range: last offset or number (inclusive)')
    .option('--all', 'every letter of the topic not replayed yet')
    .option('--again', 'also letters replayed before')
    .option('--reason <text>', 'why (a ticket, the fix deployed): kept in the access log with each replay')
    .option('--dry-run', 'show what would be replayed, replay nothing')
    .addHelpText(
      'after',
      `
Idempotent: a replayed letter is skipped unless --again (Kafka: the replay log <topic>.dlq.replays, who, when, which
letter, to where, which dead-letters replays prints; embedded: the letter's own record), and consumers recognise an
event id they had handled, so a letter replayed twice has one effect. Only an administrator may replay: the API
refuses anyone else (403) and writes each replay in its access log, before it is made and with its outcome after,
then one log line (JSON with LOG_FORMAT=json). A relay's letter on Kafka (a stored event that breaks its contract,
never published) cannot be replayed and is refused.`,
    )
    .action(
      async (
        options: {
          topic?: string;
          partition?: string;
          offset?: string;
          letter?: string;
          table?: string;
          from?: string;
          to?: string;
          all?: boolean;
          again?: boolean;
          reason?: string;
          dryRun?: boolean;
        },
        self: Command,
      ) => {
        const topic = topicOption(options.topic);
        const reason = reasonOption(options.reason);
        if (!onKafka()) {
          if (options.partition !== undefined || options.offset !== undefined)
            throw new UsageError('--partition and --offset name letters on Kafka; here: --letter S:N, --table S --from N --to M, or --all');
          const body = replayBody({ ...options, topic }, options.again === true, reason);
          await replayThroughApi(adminApi(self), body, options.dryRun === true);
          return;
        }
        if (options.letter !== undefined || options.table !== undefined)
          throw new UsageError("--letter and --table name the embedded default's letters; on Kafka: --partition P --offset N");
        if (!topic) throw new UsageError('--topic: required on Kafka');
        const given = [options.offset !== undefined, options.from !== undefined || options.to !== undefined, options.all === true].filter(
          Boolean,
        );
        if (given.length !== 1)
          throw new UsageError('say which letters: --partition P --offset N, --partition P --from N --to M, or --all');
        for (const [name, value] of Object.entries({
          partition: options.partition,
          offset: options.offset,
          from: options.from,
          to: options.to,
        }))
          if (value !== undefined && !OFFSET.test(value)) throw new UsageError(`--${name}: a whole number, not "${value.slice(0, 20)}"`);
        if (!options.all && options.partition === undefined) throw new UsageError('--partition: required with --offset or --from/--to');
        if ((options.from === undefined) !== (options.to === undefined)) throw new UsageError('--from and --to go together');
        if (options.from !== undefined && BigInt(options.from) > BigInt(options.to as string))
          throw new UsageError('--from must not be after --to');

        await withDeadLetters(async (store) => {
          const [dlq] = await store.topics(topic);
          const letters = await store.letters(dlq);
          const [first, last] = options.offset !== undefined ? [options.offset, options.offset] : [options.from ?? '0', options.to ?? '0'];
          const chosen = options.all
            ? letters
            : letters.filter(
                (l) => l.partition === Number(options.partition) && BigInt(l.offset) >= BigInt(first) && BigInt(l.offset) <= BigInt(last),
              );
          if (chosen.length === 0) throw new CommandFailed(`no dead letter there in ${dlq}; dead-letters list --topic ${dlq} shows them`);
          const skipped = options.again ? [] : chosen.filter((l) => l.replayed);
          const toReplay = chosen.filter((l) => !skipped.includes(l));
          for (const letter of skipped)
            process.stdout.write(
              `skipped ${dlq} ${letterId(letter)}: replayed ${letter.replayed?.replayedAt} by ${letter.replayed?.by} (--again replays it once more)\n`,
            );
          if (options.dryRun) {
            for (const letter of toReplay)
              process.stdout.write(
                `would replay ${dlq} ${letterId(letter)} → ${letter.sourceTopic} (${letter.eventType ?? '?'} ${letter.eventId ?? ''})\n`,
              );
            return;
          }
          if (toReplay.length > 0) await replayOnKafka(store, toReplay, adminApi(self), reason);
          process.stdout.write(`${toReplay.length} replayed, ${skipped.length} skipped (already replayed)\n`);
        });
      },
    );
  return deadLetters;
}
