/**
 * The node-level services of the EventStoreDB protocol fake (a test double):
 * - ServerFeatures.GetSupportedMethods, which the client asks once per connection to choose
 *   between the batch append (servers since 21.10) and the older one-call-per-append path;
 * - Gossip.Read, which the client asks only when it discovers a cluster (`esdb+discover://`
 *   or several hosts); the fake answers as a one-node cluster whose node is the leader.
 */
import { randomUUID } from 'node:crypto';
import { IGossipServer } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import { uuidOf } from './fake-messages';

/** The version the fake reports: a current EventStoreDB, which sends caught-up messages. */
export const FAKE_SERVER_VERSION = '24.10.0';

const STREAMS = 'event_store.client.streams.Streams';

const method = (service: string, name: string): SupportedMethod => {
  const supported = new SupportedMethod();
  supported.setServiceName(service);
  supported.setMethodName(name);
  return supported;
};

export const serverFeaturesService = (batchAppend: boolean): IServerFeaturesServer => ({
  getSupportedMethods: (_call, callback) => {
    const methods = [
      method(STREAMS, 'Read'),
      method(STREAMS, 'Append'),
      ...(batchAppend ? [method(STREAMS, 'BatchAppend')] : []),
      method('event_store.client.gossip.Gossip', 'Read'),
    ];
    const supported = new SupportedMethods();
    supported.setMethodsList(methods);
    supported.setEventStoreServerVersion(FAKE_SERVER_VERSION);
    callback(null, supported);
  },
});

export const gossipService = (endpoint: () => { address: string; port: number }): IGossipServer => {
  const instanceId = randomUUID();
  return {
    read: (_call, callback) => {
      const { address, port } = endpoint();
      const httpEndPoint = new EndPoint();
      httpEndPoint.setAddress(address);
      httpEndPoint.setPort(port);
      const member = new MemberInfo();
      member.setInstanceId(uuidOf(instanceId));
      member.setTimeStamp(String(Date.now()));
      member.setState(MemberInfo.VNodeState.LEADER);
      member.setIsAlive(true);
      member.setHttpEndPoint(httpEndPoint);
      const info = new ClusterInfo();
      info.setMembersList([member]);
      callback(null, info);
    },
  };
};
