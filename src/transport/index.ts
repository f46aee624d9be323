// The door of transport/: the log the events travel on: the in-process log and Kafka, behind one port.
// Other folders import from here; files of this folder import each other directly.
export { createKafkaTransport } from './kafka';
export type { KafkaCompression, KafkaTransportOptions } from './kafka';
export { createPlatformaticTransport } from './platformatic';
export { createMemoryTransport } from './memory';
export type { MemoryTransport } from './memory';
export { partitionForKey } from './types';
export type {
  Batch, LoggedMessage, OutgoingMessage, PartitionStanding, TopicPartition, Transport,
  TransportConsumer, TransportProducer,
} from './types';
