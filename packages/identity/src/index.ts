export { erasedIds, followMerges, MergeChainTooLongError, mergeChain, mergeGroup, missingIds, recordMerge, survivorOf, type Links, type MergeLinks } from './merge-chains.js';
