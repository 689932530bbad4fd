import type { ThemeConfig } from 'antd';

/**
 * antd's default link (#1677ff), error (#ff4d4f), success and secondary-text colours fail WCAG AA
 * contrast on white (DESIGN.md); these darker tokens keep every text at 4.5:1 or more.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0950c3',
    colorLink: '#0950c3',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorError: '#c41d1d',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorInfo: '#0950c3',
    // Darker seeds would also darken the light backgrounds derived from them; keep those light.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffa39e',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    // No sliding or fading: content is readable (and checkable) the moment it appears; calmer for everyone.
    motion: false,
    fontSize: 15,
    borderRadius: 6,
  },
  components: {
    Tag: { defaultColor: 'rgba(0, 0, 0, 0.85)' },
  },
};
