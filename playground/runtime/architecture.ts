/**
 * What user code gets as `architecture` from 'playground': the arithmetic of layers (shapes,
 * parameters, multiply-adds; ../shared/architecture.ts, also used by the site's figures), the
 * published networks described with it, and `build`, which turns a description into a trainable
 * TF.js network (./network.ts).
 *
 *   import { architecture } from 'playground';
 *   architecture.summarize(architecture.ALEXNET).trainingFlops;  // per image
 *   const net = architecture.build(architecture.BOOK_CNN, { seed: 1 });
 */
export * from '../shared/architecture.ts';
export { buildNetwork as build, type BuildOptions, type Network } from './network.ts';
