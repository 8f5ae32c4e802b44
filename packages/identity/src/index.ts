export { erasedIds, followMerges, MergeChainTooLongError, mergeGroup, missingIds, recordMerge, survivorOf, type Links, type MergeLinks } from './merge-chains.js';
