// The platform a launcher starts listens on the loopback interface only: nobody on the network reaches a service,
// nor the gateway (and its local sign-in), unless `deploy/relais up --listen ADDR` opened the gateway on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';

// The platform's gateway and services, as the launcher says (`deploy/relais e2e`); by default the test platform's.
const PORTS = (process.env.RELAIS_SERVICE_PORTS || '18080 18081 18082 18083').split(/\s+/).filter(Boolean).map(Number);
const LISTEN = '0A';

/** Listening sockets from /proc/net/tcp{,6}: [{ address, port }], address in the kernel's hex notation. */
function listening() {
  const sockets = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== LISTEN) continue;
      const [address, port] = fields[1].split(':');
      sockets.push({ address, port: parseInt(port, 16), v6: file.endsWith('6') });
    }
  }
  return sockets;
}

/** 127.0.0.0/8, or ::1, or an IPv4-mapped loopback address, in /proc's little-endian hex. */
function loopback({ address, v6 }) {
  if (!v6) return address.slice(6, 8) === '7F';
  return address === '00000000000000000000000001000000' || /^0000000000000000FFFF0000[0-9A-F]{6}7F$/.test(address);
}

test('the gateway and the three services listen on the loopback interface only', { skip: process.platform !== 'linux' }, () => {
  const sockets = listening();
  for (const port of PORTS) {
    const mine = sockets.filter((s) => s.port === port);
    assert.ok(mine.length > 0, `something listens on ${port}`);
    for (const s of mine) assert.ok(loopback(s), `port ${port} listens on ${s.address} (${s.v6 ? 'IPv6' : 'IPv4'}), not on loopback only`);
  }
});
