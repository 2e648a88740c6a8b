// Checks of the Kubernetes manifests under deploy/kubernetes, without a cluster (tests/kubernetes.test.js):
//  - core kinds against the Kubernetes OpenAPI schemas the npm package kubernetes-models compiles (required fields,
//    types, enums);
//  - Strimzi and CloudNativePG kinds against the openAPIV3Schema of the CRDs vendored in deploy/kubernetes/crds, with
//    ajv, strictly: a field the schema does not name is an error (the API server would drop it, or refuse it with
//    field validation on), unless the schema keeps unknown fields (x-kubernetes-preserve-unknown-fields);
//  - every environment variable a Deployment sets is one its service reads;
//  - who may open a connection to whom under the NetworkPolicies.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const KUBERNETES = join(ROOT, 'deploy', 'kubernetes');
export const SERVICES = ['gateway', 'capacity-service', 'referral-service', 'patrol-service'];

/** Every document of a YAML stream, as plain objects (empty documents left out). */
export function parseYaml(text) {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((o) => o != null);
}

/** The manifests an overlay (or the base) builds to, with deploy/kubernetes/kustomize (Debian's kubectl). */
export async function kustomize(dir) {
  const { stdout } = await promisify(execFile)(join(KUBERNETES, 'kustomize'), [dir], { maxBuffer: 64 * 1024 * 1024 });
  return parseYaml(stdout);
}

const id = (o) => `${o?.kind}/${o?.metadata?.name}`;

// --- core kinds

/** Errors of a core Kubernetes object (empty when valid); an apiVersion/kind kubernetes-models lacks is an error. */
export async function coreErrors(o) {
  let model;
  try {
    model = (await import(`kubernetes-models/${o.apiVersion}/${o.kind}`))[o.kind];
  } catch {
    return [`${id(o)}: no Kubernetes schema for ${o.apiVersion} ${o.kind}`];
  }
  try {
    new model(o).validate();
    return [];
  } catch (e) {
    return [`${id(o)}: ${e.message}`];
  }
}

// --- custom resources

/** OpenAPI v3 (Kubernetes' structural schema dialect) to JSON Schema: objects with named fields refuse others. */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? mapValues(v, strict) : strict(v);
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

const mapValues = (o, f) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/** A validator per "group/version Kind" of the vendored CRDs: (object) => errors. */
export function crdValidators(dir = join(KUBERNETES, 'crds')) {
  // Kubernetes formats (int32, int-or-string...) are not JSON Schema ones: types are checked, formats are not.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map();
  for (const sub of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(dir, sub.name)).filter((f) => f.endsWith('.yaml'))) {
      for (const crd of parseYaml(readFileSync(join(dir, sub.name, file), 'utf8'))) {
        if (crd.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          const validate = ajv.compile(strict(version.schema.openAPIV3Schema));
          validators.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, (o) =>
            validate(o) ? [] : validate.errors.map((e) => `${id(o)}: ${e.instancePath || '/'} ${e.message}${
              e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`));
        }
      }
    }
  }
  return validators;
}

/** Errors of any manifest: a custom resource against its CRD, anything else against the Kubernetes schemas. */
export async function manifestErrors(o, validators) {
  if (!o?.apiVersion || !o?.kind || !o?.metadata?.name) return [`${id(o)}: apiVersion, kind and metadata.name are required`];
  const crd = validators.get(`${o.apiVersion} ${o.kind}`);
  // Anything else must be a kind kubernetes-models knows: a custom resource without a vendored CRD is refused.
  return crd ? crd(o) : coreErrors(o);
}

// --- environment variables a service reads

/** MicroProfile Config's environment form of a property name: every non-alphanumeric character to _, upper case. */
export const envName = (property) => property.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();

/**
 * The environment variables SERVICE reads: those its configuration references as ${VAR} and the environment forms of
 * the properties it sets (any profile), in its application.properties and in the microprofile-config.properties of
 * the Relais modules it embeds (common, outbox). Quarkus and SmallRye Config resolve a property from the variable of
 * its environment form, so QUARKUS_HTTP_HOST sets quarkus.http.host; a variable naming no property of the service is
 * read by nothing (a typo, or a setting the service dropped).
 */
export function variablesRead(service, root = ROOT) {
  const files = [join(root, service, 'src', 'main', 'resources', 'application.properties')];
  const pom = readFileSync(join(root, service, 'pom.xml'), 'utf8');
  for (const [artifact, module] of [['relais-common', 'common'], ['relais-outbox', 'outbox']]) {
    if (pom.includes(`<artifactId>${artifact}</artifactId>`)) {
      files.push(join(root, module, 'src', 'main', 'resources', 'META-INF', 'microprofile-config.properties'));
    }
  }
  const read = new Set();
  for (const file of files) {
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith('!')) continue;
      const eq = line.search(/[=:]/);
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim().replace(/^%[^.]+\./, '');
      // Build-time manifest settings are not read by the running service.
      if (!key.startsWith('quarkus.kubernetes.') && !key.startsWith('quarkus.container-image.')) read.add(envName(key));
      for (const m of line.slice(eq + 1).matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[:}]/g)) read.add(m[1]);
    }
  }
  return read;
}

/** Errors for each variable a Deployment's containers set that its service does not read. */
export function unreadVariables(deployment, read) {
  const errors = [];
  for (const c of deployment.spec?.template?.spec?.containers ?? []) {
    for (const e of c.env ?? []) {
      if (!read.has(e.name)) errors.push(`${id(deployment)}: container ${c.name} sets ${e.name}, which the service never reads`);
    }
  }
  return errors;
}

// --- NetworkPolicies

function labelsMatch(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/**
 * Whether a connection from SOURCE to TARGET on PORT is admitted. Pods: { labels, namespace, ports: {name: number} };
 * NAMESPACE labels of the source namespace are { 'kubernetes.io/metadata.name': source.namespace }. Ingress only:
 * a pod no policy selects admits everything (Kubernetes' rule), one that some policy selects admits what the union of
 * their rules does.
 */
export function admitted(policies, source, target, port) {
  const selecting = policies.filter((p) => p.metadata.namespace === target.namespace
    && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && labelsMatch(p.spec.podSelector, target.labels));
  if (selecting.length === 0) return true;
  const nsLabels = { 'kubernetes.io/metadata.name': source.namespace };
  const peerMatches = (peer) => {
    if (peer.ipBlock) return source.namespace !== target.namespace;
    const nsOk = peer.namespaceSelector ? labelsMatch(peer.namespaceSelector, nsLabels) : source.namespace === target.namespace;
    const podOk = peer.podSelector ? labelsMatch(peer.podSelector, source.labels) : true;
    return nsOk && podOk;
  };
  const portMatches = (p) => (typeof p.port === 'string' ? target.ports?.[p.port] === port : p.port === undefined || p.port === port);
  return selecting.some((p) => (p.spec.ingress ?? []).some((rule) =>
    (rule.from === undefined || rule.from.length === 0 || rule.from.some(peerMatches))
    && (rule.ports === undefined || rule.ports.length === 0 || rule.ports.some(portMatches))));
}

/** Pods as the Deployments of a build make them: labels of the pod template, named container ports. */
export function podsOf(objects) {
  const pods = {};
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const ports = {};
    for (const c of d.spec.template.spec.containers) for (const p of c.ports ?? []) if (p.name) ports[p.name] = p.containerPort;
    pods[d.metadata.name] = { labels: d.spec.template.metadata.labels, namespace: d.metadata.namespace, ports, port: ports.http };
  }
  return pods;
}
