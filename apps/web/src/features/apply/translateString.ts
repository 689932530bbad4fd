import { englishStringTranslator, replaceStringParameters, TranslatableString } from '@rjsf/utils';

// rjsf's own button and label texts in Chinese; anything not listed stays in English.
const ZH: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '条目',
  [TranslatableString.EmptyArray]: '暂无条目，请使用下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加条目',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.PreviewLabel]: '预览',
  [TranslatableString.DecrementAriaLabel]: '减 1',
  [TranslatableString.IncrementAriaLabel]: '加 1',
  [TranslatableString.OptionalObjectAdd]: '为可选字段添加数据',
  [TranslatableString.OptionalObjectRemove]: '移除可选字段的数据',
  [TranslatableString.OptionalObjectEmptyMsg]: '可选字段暂无数据',
  [TranslatableString.ClearButton]: '清空输入',
  [TranslatableString.OptionPrefix]: '选项 %1',
};

export function translatorFor(lang: 'zh-CN' | 'en') {
  if (lang === 'en') return englishStringTranslator;
  return (s: TranslatableString, params?: string[]) => {
    const zh = ZH[s];
    return zh ? replaceStringParameters(zh, params) : englishStringTranslator(s, params);
  };
}
