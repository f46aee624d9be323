// @platformatic/kafka asks for Node >= 22 and uses one API Node 20 lacks, Promise.withResolvers
// (ES2024); the workbench runs on Node >= 20.19, so it is added here when missing, as the standard
// defines it. Imported by platformatic.ts only: nothing else changes when kafkajs is the client.
type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };

const promises = Promise as unknown as { withResolvers?: WithResolvers };
if (typeof promises.withResolvers !== 'function') {
  promises.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

// A module, not a script: tslab (the notebooks' kernel) emits and resolves modules only.
export {};
