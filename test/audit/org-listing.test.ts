import {beforeEach, describe, expect, it} from '@jest/globals';
import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {mockClient} from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {listOrganization, roleArn, type ClientSource} from '../../src/audit/org.js';
import {selectAccounts} from '../../src/audit/select.js';
import {InputError} from '../../src/errors.js';

const orgs = mockClient(OrganizationsClient);
const clients: ClientSource = {get: (ctor, region) => new ctor({region})};

beforeEach(() => {
  orgs.reset();
  orgs.on(DescribeOrganizationCommand).resolves({
    Organization: {Id: 'o-abc', MasterAccountId: '111111111111', Arn: 'arn:aws:organizations::111111111111:organization/o-abc', FeatureSet: 'ALL'},
  });
});

describe('listOrganization', () => {
  it('reads every page, preferring State over the retired Status', async () => {
    orgs
      .on(ListAccountsCommand, {NextToken: undefined})
      .resolves({Accounts: [{Id: '111111111111', Name: 'management', State: 'ACTIVE', Status: 'ACTIVE'}, {Id: '222222222222', Name: 'old', Status: 'SUSPENDED'}], NextToken: 'p2'})
      .on(ListAccountsCommand, {NextToken: 'p2'})
      .resolves({Accounts: [{Id: '333333333333', Name: 'gone', State: 'CLOSED', Status: 'SUSPENDED'}, {Id: '444444444444', Name: 'new', State: 'PENDING_ACTIVATION'}]});
    const {organization, accounts} = await listOrganization(clients, 'us-east-1');
    expect(orgs).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
    expect(organization).toEqual({id: 'o-abc', managementAccountId: '111111111111', arn: 'arn:aws:organizations::111111111111:organization/o-abc', featureSet: 'ALL'});
    expect(accounts.map((a) => [a.id, a.state])).toEqual([
      ['111111111111', 'ACTIVE'],
      ['222222222222', 'SUSPENDED'],
      ['333333333333', 'CLOSED'],
      ['444444444444', 'PENDING_ACTIVATION'],
    ]);
    const s = selectAccounts(accounts, {});
    expect(s.targets.map((a) => a.id)).toEqual(['111111111111']);
    expect(s.skipped.map((a) => `${a.id}:${a.reason}`)).toEqual(['222222222222:suspended', '333333333333:closed', '444444444444:pending-activation']);
  });

  it('turns a member account\'s AccessDenied into one sentence about who may run the audit', async () => {
    orgs.on(ListAccountsCommand).rejects(new AccessDeniedException({message: 'You don\'t have permissions', $metadata: {}}));
    await expect(listOrganization(clients, 'us-east-1')).rejects.toThrow(InputError);
    await expect(listOrganization(clients, 'us-east-1')).rejects.toThrow(/management account or a delegated administrator/);
  });

  it('says so when the account is in no organization', async () => {
    orgs.on(DescribeOrganizationCommand).rejects(new AWSOrganizationsNotInUseException({message: 'not in use', $metadata: {}}));
    await expect(listOrganization(clients, 'us-east-1')).rejects.toThrow('--org: the caller\'s account is not in an AWS Organization');
  });
});

describe('roleArn', () => {
  it('builds the role ARN in the caller\'s partition, keeping a path', () => {
    expect(roleArn('aws', '222222222222', 'OrganizationAccountAccessRole')).toBe('arn:aws:iam::222222222222:role/OrganizationAccountAccessRole');
    expect(roleArn('aws-us-gov', '222222222222', 'audit/Trailwise')).toBe('arn:aws-us-gov:iam::222222222222:role/audit/Trailwise');
  });
});
