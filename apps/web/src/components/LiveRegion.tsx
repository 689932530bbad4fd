import { App } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

interface Notify {
  /** Only tells screen readers (for changes the page already shows, like a file added to a list). */
  announce: (text: string) => void;
  success: (text: string) => void;
  error: (text: string) => void;
  info: (text: string) => void;
}

const NotifyContext = createContext<Notify | null>(null);

/**
 * Toasts plus a polite live region, so screen-reader users hear what the toast says
 * (antd's message container is not announced reliably).
 */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const say = useCallback((s: string) => {
    setText('');
    // a fresh text node makes repeated identical messages announced again
    setTimeout(() => setText(s), 50);
  }, []);
  const value = useMemo<Notify>(
    () => ({
      announce: say,
      success: (s) => {
        void message.success(s);
        say(s);
      },
      error: (s) => {
        void message.error(s);
        say(s);
      },
      info: (s) => {
        void message.info(s);
        say(s);
      },
    }),
    [message, say],
  );
  return (
    <NotifyContext.Provider value={value}>
      {children}
      <div className="tb-sr-only" aria-live="polite" aria-atomic="true" data-testid="live-region">
        {text}
      </div>
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notify {
  const n = useContext(NotifyContext);
  if (!n) throw new Error('useNotify outside NotifyProvider');
  return n;
}
