import { describe, expect, it } from 'vitest';
import { classifyAddress, refusedTarget } from './outbound-webhooks.targets.ts';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['not an address', 'invalid'],
    ['999.1.1.1', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('refusedTarget', () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async () =>
      addresses;

  it('lets a public https URL through', async () => {
    expect(
      await refusedTarget('https://hooks.slack.com/services/T/B/x', {
        allowPrivate: false,
        lookup: resolvesTo('54.1.2.3'),
      }),
    ).toBeNull();
    expect(await refusedTarget('https://93.184.215.14/hook', { allowPrivate: false })).toBeNull();
  });

  it('refuses internal addresses, by literal or after resolving the name', async () => {
    for (const url of [
      'https://127.0.0.1/x',
      'https://[::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/hook',
      'https://0.0.0.0/',
    ])
      expect(await refusedTarget(url, { allowPrivate: false, lookup: resolvesTo('8.8.8.8') }), url).toMatch(
        /points to .*OUTBOUND_WEBHOOKS_ALLOW_PRIVATE/,
      );
    // Any one internal address among several is enough to refuse.
    expect(
      await refusedTarget('https://chat.example.com/hook', {
        allowPrivate: false,
        lookup: resolvesTo('54.1.2.3', '192.168.0.9'),
      }),
    ).toMatch(/192\.168\.0\.9, a private network address/);
  });

  it('requires https, and lets a name that does not resolve wait for the delivery-time check', async () => {
    expect(
      await refusedTarget('http://example.com/hook', { allowPrivate: false, lookup: resolvesTo('8.8.8.8') }),
    ).toMatch(/must use https/);
    expect(
      await refusedTarget('https://nowhere.invalid/hook', {
        allowPrivate: false,
        lookup: async () => {
          throw new Error('ENOTFOUND');
        },
      }),
    ).toBeNull();
  });

  it('allows internal hosts and plain http when the self-hoster says so', async () => {
    expect(await refusedTarget('http://127.0.0.1:8065/hooks/x', { allowPrivate: true })).toBeNull();
    expect(await refusedTarget('http://chat.internal/hooks/x', { allowPrivate: true })).toBeNull();
  });
});
