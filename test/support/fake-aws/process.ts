/**
 * The fake AWS in a child process of its own, so that its work (signature checks, XML) does not share an event loop
 * with the code under test: for benchmarks, and for tests that run the CLI against it. Controls are asynchronous.
 */
import {fork, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {FakeAwsModel} from './model.js';
import {credentialsOf, type AccessKey, type FakeAwsOptions, type FakeFault, type RecordedCall} from './server.js';

export interface FakeAwsProcess {
  endpoint: string;
  model: FakeAwsModel;
  credentialsFor(accountId: string): AccessKey;
  callLog(): Promise<RecordedCall[]>;
  resetCalls(): Promise<void>;
  setLatency(ms: number): Promise<void>;
  setFaults(faults: FakeFault[]): Promise<void>;
  problems(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts the fake in a child Node process (TypeScript loaded with tsx) and waits until it listens. */
export async function startFakeAwsProcess(model: FakeAwsModel, options: FakeAwsOptions = {}): Promise<FakeAwsProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./process-main.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  child.on('message', (message: {id: number; value: unknown}) => {
    pending.get(message.id)?.(message.value);
    pending.delete(message.id);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = <T>(request: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, resolve as (value: unknown) => void);
      child.send({...request, id}, (err) => err && reject(err));
    });
  const endpoint = await ask<string>({type: 'start', model, options});
  return {
    endpoint,
    model,
    credentialsFor: (accountId) => credentialsOf(model, accountId),
    callLog: () => ask<RecordedCall[]>({type: 'callLog'}),
    resetCalls: () => ask<void>({type: 'resetCalls'}),
    setLatency: (ms) => ask<void>({type: 'setLatency', ms}),
    setFaults: (faults) => ask<void>({type: 'setFaults', faults}),
    problems: () => ask<string[]>({type: 'problems'}),
    stop: async () => {
      await ask<void>({type: 'stop'});
      await exited;
    },
  };
}
