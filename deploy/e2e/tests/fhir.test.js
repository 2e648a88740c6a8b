// The FHIR R4 partner view through the public gateway: a patrol's referral read back as a Task (FHIR JSON, the
// README's status, no trace of the person code the patrol sent), its facility as a HealthcareService with its
// SDOH Clinical Care capacity status, and a FHIR client's refusal as an OperationOutcome. (Schema validation of
// every resource is referral-service's FhirTaskIT.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { as, createFacility, freshArea, newRequest, tokens, waitUntil } from '../lib/api.js';

const PATROL = 'maraude-19-a';
const asPatrol = as(tokens.patrol(PATROL));
const asCoordinator = as(tokens.coordinator());
const FHIR_JSON = /^application\/fhir\+json/;

test('a referral is a Task and its facility a HealthcareService, in FHIR JSON and without the person', async () => {
  const area = freshArea();
  const facility = await createFacility({ arrondissement: area, total: 3, free: 1 });
  await waitUntil(async () => (await asCoordinator('GET', `/api/fhir/HealthcareService/${facility}`)).status === 200,
    { what: 'referral-service knows the facility' });
  const personCode = `P-${randomUUID()}`;
  const posted = await asPatrol('POST', '/api/referrals', {
    patrolId: PATROL, personCode, arrondissement: area,
    needs: { gender: 'WOMAN', couple: false, pet: false, wheelchair: false, activeUse: true },
    kinds: ['EMERGENCY_SHELTER'],
  }, newRequest());
  assert.equal(posted.status, 202, posted.text);
  const referral = posted.json.id;

  const task = await waitUntil(async () => {
    const r = await asCoordinator('GET', `/api/fhir/Task/${referral}`);
    return r.status === 200 && r.json.status === 'accepted' ? r : null;
  }, { what: 'the Task accepted (HELD)' });
  assert.match(task.contentType, FHIR_JSON);
  assert.equal(task.json.resourceType, 'Task');
  assert.equal(task.json.businessStatus.coding[0].code, 'HELD');
  assert.equal(task.json.owner.reference, `HealthcareService/${facility}`);
  assert.equal(task.json.requester.identifier.value, PATROL);
  assert.equal(task.json.for, undefined);
  assert.ok(!task.text.includes(personCode), 'the person code never comes out');

  const bundle = await asCoordinator('GET', `/api/fhir/Task?_id=${referral}&status=accepted`);
  assert.equal(bundle.status, 200, bundle.text);
  assert.match(bundle.contentType, FHIR_JSON);
  assert.equal(bundle.json.resourceType, 'Bundle');
  assert.equal(bundle.json.type, 'searchset');
  assert.equal(bundle.json.total, 1);
  assert.deepEqual(bundle.json.entry[0].resource, task.json);
  assert.ok(!bundle.text.includes(personCode), 'the person code never comes out');

  // Its one place is held: no capacity left, and nobody waits for it.
  const service = await asCoordinator('GET', `/api/fhir/HealthcareService/${facility}`);
  assert.match(service.contentType, FHIR_JSON);
  assert.equal(service.json.resourceType, 'HealthcareService');
  assert.equal(service.json.extension[0].extension[0].valueCodeableConcept.coding[0].code, 'no-capacity');
  assert.ok(!service.text.includes('rue de Test') && !service.text.includes('48.88'), 'no address or position');

  const cancelled = await asPatrol('POST', `/api/referrals/${referral}/cancel`, undefined);
  assert.equal(cancelled.status, 202, cancelled.text);
  await waitUntil(async () => (await asCoordinator('GET', `/api/fhir/Task/${referral}`)).json?.status === 'cancelled',
    { what: 'the Task cancelled' });
});

test('refusals: problem+json for the API, an OperationOutcome for a FHIR client', async () => {
  const plain = await asCoordinator('GET', '/api/fhir/Task?name=x');
  assert.equal(plain.status, 400);
  assert.match(plain.contentType, /^application\/problem\+json/);
  const fhir = await asCoordinator('GET', '/api/fhir/Task?name=x', undefined, { Accept: 'application/fhir+json' });
  assert.equal(fhir.status, 400);
  assert.match(fhir.contentType, FHIR_JSON);
  assert.equal(fhir.json.resourceType, 'OperationOutcome');
  assert.equal(fhir.json.issue[0].code, 'invalid');
  const patrol = await asPatrol('GET', '/api/fhir/Task');
  assert.equal(patrol.status, 403);
});
