/**
 * The child-process side of `startFakeAwsProcess`: starts the fake from the model it is sent, then answers the
 * parent's requests (latency, faults, call log, stop) over the IPC channel.
 */
import type {FakeAwsModel} from './model.js';
import {startFakeAws, type FakeAwsOptions, type FakeFault} from './server.js';

type Request =
  | {id: number; type: 'start'; model: FakeAwsModel; options: FakeAwsOptions}
  | {id: number; type: 'setLatency'; ms: number}
  | {id: number; type: 'setFaults'; faults: FakeFault[]}
  | {id: number; type: 'resetCalls'}
  | {id: number; type: 'callLog'}
  | {id: number; type: 'problems'}
  | {id: number; type: 'stop'};

let fake: Awaited<ReturnType<typeof startFakeAws>> | undefined;

process.on('message', (message: Request) => {
  const reply = (value: unknown) => process.send?.({id: message.id, value});
  void (async () => {
    switch (message.type) {
      case 'start':
        fake = await startFakeAws(message.model, message.options);
        return reply(fake.endpoint);
      case 'setLatency':
        fake?.setLatency(message.ms);
        return reply(null);
      case 'setFaults':
        fake?.setFaults(message.faults);
        return reply(null);
      case 'resetCalls':
        fake?.resetCalls();
        return reply(null);
      case 'callLog':
        return reply(fake?.callLog() ?? []);
      case 'problems':
        return reply(fake?.problems() ?? []);
      case 'stop':
        await fake?.stop();
        reply(null);
        process.disconnect();
        return;
    }
  })();
});
