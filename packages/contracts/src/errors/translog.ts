import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the transparency log (trust module). */
export const translogErrors = {
  TRANSLOG_TREE_SIZE_OUT_OF_RANGE: {
    status: 400,
    'zh-CN': '树大小 {treeSize} 超出范围：日志目前有 {size} 个条目',
    en: 'Tree size {treeSize} is out of range: the log has {size} entries',
  },
  TRANSLOG_INDEX_OUT_OF_RANGE: {
    status: 400,
    'zh-CN': '条目序号 {index} 不在大小为 {treeSize} 的树中',
    en: 'Entry index {index} is not in a tree of size {treeSize}',
  },
  TRANSLOG_LEAF_NOT_FOUND: {
    status: 404,
    'zh-CN': '大小为 {treeSize} 的树中没有该叶子哈希',
    en: 'No leaf with this hash in the tree of size {treeSize}',
  },
  TRANSLOG_LEAF_REQUIRED: {
    status: 400,
    'zh-CN': '请给出叶子哈希（leafHash）或条目序号（index）之一',
    en: 'Give either a leaf hash (leafHash) or an entry index (index)',
  },
  TRANSLOG_CONSISTENCY_RANGE: {
    status: 400,
    'zh-CN': '一致性证明需要 first ≤ second ≤ 日志大小（{size}），收到 {first} 与 {second}',
    en: 'A consistency proof needs first ≤ second ≤ the log size ({size}); got {first} and {second}',
  },
  TRANSLOG_ENTRIES_RANGE: {
    status: 400,
    'zh-CN': '条目范围需要 start ≤ end < 日志大小（{size}），收到 {start} 至 {end}',
    en: 'An entry range needs start ≤ end < the log size ({size}); got {start} to {end}',
  },
} satisfies ErrorCatalogue;
