import {describe, expect, it} from '@jest/globals';
import {CloudTrailClient} from '@aws-sdk/client-cloudtrail';
import {createClientFactory} from '../../src/collect/clients.js';

describe('ClientFactory.destroy', () => {
  it('GIVEN clients made by a factory WHEN it is destroyed THEN every client is destroyed and the cache is empty', () => {
    const factory = createClientFactory({credentials: async () => ({accessKeyId: 'AKIA0', secretAccessKey: 'x'}), endpointUrl: 'http://127.0.0.1:9'});
    const east = factory.get(CloudTrailClient, 'us-east-1');
    const west = factory.get(CloudTrailClient, 'eu-west-1');
    const destroyed: string[] = [];
    for (const [name, client] of [['east', east], ['west', west]] as const) {
      const original = client.destroy.bind(client);
      client.destroy = () => {
        destroyed.push(name);
        original();
      };
    }
    factory.destroy!();
    expect(destroyed.sort()).toEqual(['east', 'west']);
    expect(factory.get(CloudTrailClient, 'us-east-1')).not.toBe(east);
  });
});
