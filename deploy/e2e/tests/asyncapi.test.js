// The event contract (AsyncAPI 3.0) as the gateway serves it, validated by @asyncapi/cli; then the records of every
// topic on the platform's broker, read raw with Kafka's own console consumer (the launcher's Kafka jars): each one
// carries the CloudEvents 1.0 headers of the binary mode (ce_id = eventId, ce_time = occurredAt) and matches a message
// of its channel in the contract, headers, key and payload (JSON Schema, checked by Ajv).
// The AsyncAPI CLI runs offline here: its usage data is off (a config file of its own) and so is its update check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BASE_URL, as, createFacility, freshArea, tokens, waitUntil } from '../lib/api.js';
import { retireFacility } from '../lib/harness.js';
import { coordinator, heldReferral, statusOf } from '../lib/world.js';

const HERE = join(dirname(fileURLToPath(import.meta.url)), '..');
const ASYNCAPI = join(HERE, 'node_modules', '.bin', 'asyncapi');
// The platform's broker and the launcher's Kafka jars (deploy/relais e2e says where; these are the test platform's).
const KAFKA = process.env.RELAIS_KAFKA_BOOTSTRAP ?? '127.0.0.1:19092';
const KAFKA_LIBS = process.env.RELAIS_KAFKA_LIBS ?? join(HERE, '..', '.state', 'kafka', 'libs');
const CLOUD_EVENTS = ['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_time', 'content-type'];
const run = promisify(execFile);

/** A scratch folder with what the CLI and the console consumer read: no analytics, logs to stderr only. */
async function scratch() {
  const dir = await mkdtemp(join(tmpdir(), 'relais-asyncapi-'));
  await writeFile(join(dir, 'analytics.json'),
    JSON.stringify({ analyticsEnabled: 'false', infoMessageShown: 'true', userID: 'relais-e2e' }));
  await writeFile(join(dir, 'log4j2.properties'), [
    'status = warn', 'appender.err.type = Console', 'appender.err.name = err', 'appender.err.target = SYSTEM_ERR',
    'appender.err.layout.type = PatternLayout', 'appender.err.layout.pattern = %p %m%n',
    'rootLogger.level = warn', 'rootLogger.appenderRef.err.ref = err', ''].join('\n'));
  return dir;
}

test('the event contract is served without a token and @asyncapi/cli validates it', { timeout: 180000 }, async () => {
  const served = await fetch(`${BASE_URL}/q/asyncapi`);
  assert.equal(served.status, 200, 'no token needed');
  assert.match(served.headers.get('content-type'), /^application\/yaml/);
  const dir = await scratch();
  const file = join(dir, 'asyncapi.yaml');
  await writeFile(file, await served.text());
  const env = {
    ...process.env, ASYNCAPI_METRICS_CONFIG_PATH: join(dir, 'analytics.json'), CI: 'true',
    ASYNCAPI_SKIP_NEW_VERSION_CHECK: 'true', SUPPRESS_NO_CONFIG_WARNING: '1', NO_UPDATE_NOTIFIER: '1',
  };
  // Errors and warnings fail (exit 1); the one remark left is "3.1.0 exists" (information): this contract is 3.0.
  try {
    const { stdout } = await run(ASYNCAPI, ['validate', file, '--fail-severity=warn'], { cwd: dir, env, maxBuffer: 1 << 24 });
    assert.match(stdout, /is valid/);
    assert.match(stdout, /0 errors, 0 warnings/);
  } catch (e) {
    assert.fail(`asyncapi validate failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
  const json = await (await fetch(`${BASE_URL}/q/asyncapi?format=json`)).json();
  assert.equal(json.asyncapi, '3.0.0');
});

/** Every record of a topic from its start, with headers and key, by Kafka's console consumer (no offset committed). */
async function recordsOf(topic, dir) {
  const sep = '\u001f';
  const { stdout } = await run('java', ['-Xmx256m', `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
    '-cp', `${KAFKA_LIBS}/*`, 'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server', KAFKA, '--topic', topic, '--from-beginning', '--timeout-ms', '5000',
    '--consumer-property', 'enable.auto.commit=false',
    '--property', 'print.headers=true', '--property', 'print.key=true',
    '--property', 'print.value=true', '--property', `key.separator=${sep}`,
    '--property', 'headers.separator=\u001e', '--property', 'null.literal=\u0018'],
  { maxBuffer: 1 << 28 });
  return stdout.split('\n').filter((line) => line !== '').map((line) => {
    const [rawHeaders, key, value] = line.split(sep);
    const headers = {};
    if (rawHeaders !== 'NO_HEADERS') {
      for (const header of rawHeaders.split('\u001e')) {
        const at = header.indexOf(':');
        headers[header.slice(0, at)] = header.slice(at + 1);
      }
    }
    return { headers, key: key === '\u0018' ? null : key, value: value === '\u0018' ? null : value };
  });
}

/** The same instant however many fraction digits each side wrote (the headers come from a timestamptz column). */
function sameInstant(a, b) {
  const norm = (t) => t.replace(/(\.\d*?)0+Z$/, '$1Z').replace(/\.Z$/, 'Z');
  return norm(a) === norm(b);
}

/** For each channel: its messages, each with validators of its headers, key and payload. */
function validators(contract) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
  ajv.addSchema({ $id: 'contract', components: contract.components });
  const compile = (pointer) => ajv.compile({ $ref: `contract${pointer}` });
  const channels = {};
  for (const channel of Object.values(contract.channels)) {
    channels[channel.address] = Object.values(channel.messages).map(({ $ref }) => ({
      name: $ref.split('/').pop(),
      headers: compile(`${$ref}/headers`),
      key: compile(`${$ref}/bindings/kafka/key`),
      payload: compile(`${$ref}/payload`),
    }));
  }
  return channels;
}

const problems = (validate) => ajv8Errors(validate.errors);
const ajv8Errors = (errors) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');

test('every record of every topic carries the CloudEvents headers and matches its message in the contract', { timeout: 300000 }, async () => {
  const contract = await (await fetch(`${BASE_URL}/q/asyncapi?format=json`)).json();
  const channels = validators(contract);
  assert.deepEqual(Object.keys(channels).sort(),
    ['relais.dead-letter', 'relais.facility-holds', 'relais.facility-state', 'relais.referral-requests', 'relais.referral-status']);

  // This test's own traffic on each event topic: a facility reported (state), a referral held there (request,
  // status, holds), then cancelled (cancel request, status, holds released).
  const area = freshArea();
  const facility = await createFacility({ arrondissement: area, total: 3, free: 2 });
  const patrol = (await coordinator()('GET', '/api/patrols')).json[0].id;
  const held = await heldReferral(patrol, area, facility);
  const cancelled = await as(tokens.patrol(patrol))('POST', `/api/referrals/${held.id}/cancel`);
  assert.equal(cancelled.status, 202, cancelled.text);
  await waitUntil(async () => (await statusOf(held.id)) === 'CANCELLED', { timeoutMs: 30000, what: 'referral cancelled' });
  const ours = {
    'relais.facility-state': { key: facility, types: ['org.relais.facility-state.FACILITY_REGISTERED', 'org.relais.facility-state.AVAILABILITY_CHANGED'] },
    'relais.facility-holds': { key: facility, types: ['org.relais.facility-holds'], count: 2 },
    'relais.referral-requests': { key: held.id, types: ['org.relais.referral-requests.REFERRAL_REQUESTED', 'org.relais.referral-requests.REFERRAL_CANCEL_REQUESTED'] },
    'relais.referral-status': { key: held.id, types: ['org.relais.referral-status'], count: 2 },
  };

  try {
    await checkEveryRecord(channels, ours);
  } finally {
    await retireFacility(facility);
  }
});

async function checkEveryRecord(channels, ours) {
  const dir = await scratch();
  // The topics are read at once: each console consumer waits 5 s after its last record before it exits, and those
  // waits need not follow one another.
  const read = await Promise.all(Object.keys(channels).map(async (topic) => {
    const expected = ours[topic];
    // The outbox relays within a second or so; the held count's release may come a moment after the CANCELLED status.
    return waitUntil(async () => {
      const all = await recordsOf(topic, dir);
      if (!expected) return all;
      const mine = all.filter((r) => r.key === expected.key);
      const types = new Set(mine.map((r) => r.headers.ce_type));
      return expected.types.every((t) => types.has(t)) && mine.length >= (expected.count ?? 0) ? all : undefined;
    }, { timeoutMs: 60000, intervalMs: 1000, what: `this test's records on ${topic}` });
  }));

  for (const [t, [topic, messages]] of Object.entries(channels).entries()) {
    const records = read[t];
    for (const [i, record] of records.entries()) {
      const where = `${topic} record ${i} (key ${record.key})`;
      if (topic !== 'relais.dead-letter') {
        for (const name of CLOUD_EVENTS) assert.ok(record.headers[name] !== undefined, `${where}: header ${name}`);
        assert.equal(record.headers.ce_specversion, '1.0', where);
        assert.equal(record.headers['content-type'], 'application/json', where);
        const event = JSON.parse(record.value);
        assert.equal(record.headers.ce_id, event.eventId, `${where}: ce_id is the eventId`);
        assert.ok(sameInstant(record.headers.ce_time, event.occurredAt),
          `${where}: ce_time ${record.headers.ce_time} is the occurredAt ${event.occurredAt}`);
      }
      // Exactly one message of the channel describes the record's headers (ce_type tells them apart).
      const matching = messages.filter((m) => m.headers(record.headers));
      assert.equal(matching.length, 1, `${where}: headers ${JSON.stringify(record.headers)} match ${matching.length} messages: ${
        messages.map((m) => `${m.name}: ${m.headers(record.headers) ? 'ok' : problems(m.headers)}`).join(' | ')}`);
      const [message] = matching;
      assert.ok(message.key(record.key), `${where}: key ${record.key}: ${problems(message.key)}`);
      const payload = topic === 'relais.dead-letter' ? record.value : JSON.parse(record.value);
      assert.ok(message.payload(payload), `${where}: payload of ${message.name}: ${problems(message.payload)}`);
    }
    console.log(topic === 'relais.dead-letter'
      ? `# ${topic}: ${records.length} records, each with the dead-letter headers and as the contract says`
      : `# ${topic}: ${records.length} records, each with its CloudEvents headers and as the contract says`);
  }
}
