// The Kubernetes manifests (deploy/kubernetes), validated without a cluster: the committed base is what the Quarkus
// kubernetes extension generates from the services' configuration; every object of both overlays (kustomize, with
// Debian's kubectl) passes its schema, the Kubernetes one for core kinds, the vendored CRD's for Strimzi and
// CloudNativePG; every environment variable a Deployment sets is one its service reads; the topics are those of
// events/TopicSettings; production keeps two instances and a disruption budget per service; the NetworkPolicies let
// only the gateway be reached from outside. Each check is also shown failing on a broken manifest.
// Needs no platform: it reads files, the build's target/kubernetes/, and runs deploy/kubernetes/kustomize.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KUBERNETES, ROOT, SERVICES, admitted, crdValidators, kustomize, manifestErrors, podsOf, unreadVariables, variablesRead,
} from '../lib/manifests.js';

const OVERLAYS = ['overlays/dev', 'overlays/production'];
const validators = crdValidators();
const built = Object.fromEntries(await Promise.all(OVERLAYS.map(async (o) => [o, await kustomize(o)])));
const clone = (o) => structuredClone(o);
const find = (objects, kind, name) => {
  const o = objects.find((x) => x.kind === kind && (!name || x.metadata.name === name));
  assert.ok(o, `${kind}/${name ?? '*'} in the build`);
  return o;
};

test('the committed base is what the build generates (deploy/kubernetes/generate after mvn package)', () => {
  for (const s of SERVICES) {
    const generated = join(ROOT, s, 'target', 'kubernetes', 'kubernetes.yml');
    assert.ok(existsSync(generated), `${generated} is missing: build the services first (mvn package)`);
    assert.equal(readFileSync(join(KUBERNETES, 'base', s, 'kubernetes.yml'), 'utf8'), readFileSync(generated, 'utf8'),
      `deploy/kubernetes/base/${s}/kubernetes.yml differs from the build's: run deploy/kubernetes/generate and commit`);
  }
});

for (const overlay of OVERLAYS) {
  test(`${overlay}: every object passes its schema`, async () => {
    const objects = built[overlay];
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of ['Namespace', 'Deployment', 'Service', 'NetworkPolicy', 'Kafka', 'KafkaNodePool', 'KafkaTopic', 'Cluster', 'Database']) {
      assert.ok(kinds.has(k), `${overlay} has a ${k}`);
    }
    const errors = (await Promise.all(objects.map((o) => manifestErrors(o, validators)))).flat();
    assert.deepEqual(errors, []);
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) assert.equal(o.metadata.namespace, 'relais', `${o.kind}/${o.metadata.name}`);
  });

  test(`${overlay}: every variable a Deployment sets is one its service reads; secrets are referenced`, () => {
    const deployments = built[overlay].filter((o) => o.kind === 'Deployment');
    assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), [...SERVICES].sort());
    for (const d of deployments) {
      assert.deepEqual(unreadVariables(d, variablesRead(d.metadata.name)), []);
      const container = d.spec.template.spec.containers[0];
      const env = Object.fromEntries(container.env.map((e) => [e.name, e]));
      for (const name of ['RELAIS_JWT_PUBLIC_KEY', 'RELAIS_DB_PASSWORD', 'RELAIS_PERSON_CODE_SECRET']) {
        if (env[name]) assert.ok(env[name].valueFrom?.secretKeyRef?.name && env[name].value === undefined, `${d.metadata.name} ${name} from a Secret`);
      }
      assert.equal(container.readinessProbe.httpGet.path, '/q/health/ready');
      assert.equal(container.livenessProbe.httpGet.path, '/q/health/live');
      for (const r of ['requests', 'limits']) for (const k of ['cpu', 'memory']) assert.ok(container.resources[r][k], `${d.metadata.name} ${r}.${k}`);
    }
    const env = (name) => find(built[overlay], 'Deployment', name).spec.template.spec.containers[0].env.map((e) => e.name);
    assert.ok(env('patrol-service').includes('RELAIS_PERSON_CODE_SECRET'));
    for (const s of ['capacity-service', 'referral-service', 'patrol-service']) assert.ok(env(s).includes('RELAIS_DB_PASSWORD'), s);
    assert.ok(!env('gateway').includes('RELAIS_DEV_LOGIN_KEY'), 'no local sign-in key in a cluster');
    // Nothing secret is embedded: no Secret object, no ConfigMap, in any build.
    assert.deepEqual(built[overlay].filter((o) => o.kind === 'Secret' || o.kind === 'ConfigMap'), []);
  });

  test(`${overlay}: a KafkaTopic per topic of events/TopicSettings, 3 replicas, 2 in sync`, () => {
    const java = (f) => readFileSync(join(ROOT, 'events', 'src', 'main', 'java', 'org', 'relais', 'events', f), 'utf8');
    const names = Object.fromEntries([...java('Topics.java').matchAll(/String (\w+) = "([^"]+)"/g)].map((m) => [m[1], m[2]]));
    const settings = java('TopicSettings.java');
    const lag = settings.match(/COMPACTION_LAG_MS = ([\d_]+)L/)[1].replaceAll('_', '');
    const expected = [...settings.matchAll(/(compacted|deleted)\(Topics\.(\w+), (\d+)\)/g)]
      .map(([, policy, constant, partitions]) => ({ name: names[constant], policy, partitions: Number(partitions) }));
    assert.equal(expected.length, Object.keys(names).length, 'every topic of Topics has its settings');
    const topics = built[overlay].filter((o) => o.kind === 'KafkaTopic');
    assert.deepEqual(topics.map((t) => t.spec.topicName).sort(), expected.map((t) => t.name).sort());
    for (const e of expected) {
      const t = topics.find((x) => x.spec.topicName === e.name);
      assert.equal(t.spec.partitions, e.partitions, e.name);
      assert.equal(t.spec.replicas, 3, e.name);
      assert.equal(String(t.spec.config['min.insync.replicas']), '2', e.name);
      assert.equal(t.spec.config['cleanup.policy'], e.policy === 'compacted' ? 'compact' : 'delete', e.name);
      if (e.policy === 'compacted') assert.equal(String(t.spec.config['min.compaction.lag.ms']), lag, e.name);
      assert.equal(t.metadata.labels['strimzi.io/cluster'], find(built[overlay], 'Kafka').metadata.name);
    }
    const pool = find(built[overlay], 'KafkaNodePool');
    assert.equal(pool.spec.replicas, 3);
    assert.deepEqual([...pool.spec.roles].sort(), ['broker', 'controller']);
  });

  test(`${overlay}: one database per service on the CloudNativePG cluster, each service on its own`, () => {
    const cluster = find(built[overlay], 'Cluster');
    const databases = built[overlay].filter((o) => o.kind === 'Database');
    assert.deepEqual(databases.map((d) => d.spec.name).sort(), ['relais_capacity', 'relais_patrol', 'relais_referral']);
    const roles = Object.fromEntries(cluster.spec.managed.roles.map((r) => [r.name, r.passwordSecret.name]));
    for (const d of databases) {
      assert.equal(d.spec.cluster.name, cluster.metadata.name);
      const service = `${d.spec.name.replace('relais_', '')}-service`;
      const env = find(built[overlay], 'Deployment', service).spec.template.spec.containers[0].env;
      const password = env.find((e) => e.name === 'RELAIS_DB_PASSWORD').valueFrom.secretKeyRef.name;
      assert.equal(roles[d.spec.owner], password, `${service} logs in as the owner of ${d.spec.name}`);
      assert.equal(env.find((e) => e.name === 'RELAIS_DB_HOST').value, `${cluster.metadata.name}-rw`);
    }
  });
}

test('overlays/production: 2+ instances, an HPA on CPU (min 2) and a PodDisruptionBudget (minAvailable 1) per service', () => {
  const objects = built['overlays/production'];
  for (const s of SERVICES) {
    const d = find(objects, 'Deployment', s);
    assert.ok(d.spec.replicas >= 2, s);
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === s);
    assert.ok(hpa, `HPA of ${s}`);
    assert.equal(hpa.spec.minReplicas, 2);
    assert.ok(hpa.spec.maxReplicas > 2);
    assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget'
      && Object.entries(o.spec.selector.matchLabels).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
    assert.ok(pdb, `PDB of ${s}`);
    assert.equal(pdb.spec.minAvailable, 1);
  }
  assert.equal(find(objects, 'Cluster').spec.instances, 3);
});

/** Who reaches whom in one build: [source, target, port] -> admitted. */
function reachability(objects) {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const pods = podsOf(objects);
  const outside = { labels: { app: 'ingress-controller' }, namespace: 'ingress' };
  const postgres = { labels: { 'cnpg.io/cluster': find(objects, 'Cluster').metadata.name }, namespace: 'relais', port: 5432 };
  return { policies, pods, outside, postgres, can: (from, to, port = to.port) => admitted(policies, from, to, port) };
}

for (const overlay of OVERLAYS) {
  test(`${overlay}: only the gateway is reachable from outside; the services from the gateway; PostgreSQL from the services`, () => {
    const { pods, outside, postgres, can } = reachability(built[overlay]);
    assert.ok(can(outside, pods.gateway), 'the gateway from outside the namespace');
    for (const s of ['capacity-service', 'referral-service', 'patrol-service']) {
      assert.ok(!can(outside, pods[s]), `${s} not from outside`);
      assert.ok(can(pods.gateway, pods[s]), `${s} from the gateway`);
      assert.ok(can(pods[s], postgres), `PostgreSQL from ${s}`);
      for (const other of SERVICES.filter((x) => x !== 'gateway' && x !== s)) assert.ok(!can(pods[other], pods[s]), `${s} not from ${other}`);
    }
    assert.ok(!can(outside, postgres), 'PostgreSQL not from outside');
    assert.ok(!can(pods.gateway, postgres), 'PostgreSQL not from the gateway (it has no database)');
    // Kafka: Strimzi generates the listener's policy from networkPolicyPeers, which must name the four services.
    const listener = find(built[overlay], 'Kafka').spec.kafka.listeners.find((l) => l.port === 9092);
    for (const s of SERVICES) assert.ok(listener.networkPolicyPeers.some((p) => admitted(
      [{ metadata: { namespace: 'relais' }, spec: { podSelector: {}, ingress: [{ from: [p] }] } }], pods[s], { labels: {}, namespace: 'relais' }, 9092)), s);
  });
}

// --- each check fails on a broken manifest

test('a broken manifest fails: core schema, CRD schema, unread variable, open NetworkPolicy', async () => {
  const objects = built['overlays/production'];
  const deployment = clone(find(objects, 'Deployment', 'capacity-service'));

  const noSelector = clone(deployment);
  delete noSelector.spec.selector;
  assert.match((await manifestErrors(noSelector, validators)).join(), /selector/);
  const textReplicas = clone(deployment);
  textReplicas.spec.replicas = 'two';
  assert.match((await manifestErrors(textReplicas, validators)).join(), /replicas must be integer/);
  const badProbe = clone(deployment);
  badProbe.spec.template.spec.containers[0].readinessProbe.httpGet.port = { name: 'http' };
  assert.notDeepEqual(await manifestErrors(badProbe, validators), []);
  assert.match((await manifestErrors({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' } }, validators)).join(),
    /no Kubernetes schema/);

  const topic = clone(find(objects, 'KafkaTopic', 'relais-facility-state'));
  const textPartitions = clone(topic);
  textPartitions.spec.partitions = 'six';
  assert.match((await manifestErrors(textPartitions, validators)).join(), /partitions must be integer/);
  const typo = clone(topic);
  typo.spec.replica = typo.spec.replicas;
  assert.match((await manifestErrors(typo, validators)).join(), /additional properties \(replica\)/);
  const pool = clone(find(objects, 'KafkaNodePool'));
  pool.spec.roles = ['leader'];
  assert.match((await manifestErrors(pool, validators)).join(), /allowed values/);
  const cluster = clone(find(objects, 'Cluster'));
  delete cluster.spec.instances;
  assert.match((await manifestErrors(cluster, validators)).join(), /instances/);
  const database = clone(find(objects, 'Database', 'relais-patrol'));
  delete database.spec.owner;
  assert.match((await manifestErrors(database, validators)).join(), /owner/);

  const misspelt = clone(deployment);
  misspelt.spec.template.spec.containers[0].env.push({ name: 'RELAIS_DB_PASSWRD', value: 'x' }, { name: 'RELAIS_UPSTREAM_CAPACITY', value: 'x' });
  assert.deepEqual(unreadVariables(misspelt, variablesRead('capacity-service')), [
    'Deployment/capacity-service: container capacity-service sets RELAIS_DB_PASSWRD, which the service never reads',
    'Deployment/capacity-service: container capacity-service sets RELAIS_UPSTREAM_CAPACITY, which the service never reads',
  ]);

  const { pods, outside, policies } = reachability(objects);
  const open = [...policies, { metadata: { name: 'oops', namespace: 'relais' }, spec: {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'capacity-service' } }, ingress: [{}] } }];
  assert.ok(admitted(open, outside, pods['capacity-service'], pods['capacity-service'].port), 'an allow-all policy opens capacity-service');
  assert.ok(!admitted(policies, outside, pods['capacity-service'], pods['capacity-service'].port));
  assert.ok(admitted([], outside, pods['capacity-service'], 8081), 'without any policy everything is reachable');
});
