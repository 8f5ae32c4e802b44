export { erasedIds, followMerges, MergeChainTooLongError, mergeGroup, missingIds, survivorOf, type Links, type MergeLinks } from './merge-chains.js';
