import { Stack } from 'aws-cdk-lib';

/**
 * `consumer` deploys after `producer`. aws-cdk-lib 2.259 renamed `Stack.addDependency` (now
 * deprecated, which fails a synth under JSII_DEPRECATED=fail) to `addStackDependency`; older
 * versions, down to the peer floor, have only the first.
 */
export function addStackDependency(consumer: Stack, producer: Stack, reason: string): void {
  const renamed = (consumer as { addStackDependency?: (target: Stack, why?: string) => void }).addStackDependency;
  if (typeof renamed === 'function') renamed.call(consumer, producer, reason);
  else consumer.addDependency(producer, reason);
}
