// Async outcomes ("Saved", "Approved") announced politely to screen readers and shown as toasts.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

type Toast = { id: number; text: string; tone: 'success' | 'error' | 'info' };
const Ctx = createContext<(text: string, tone?: Toast['tone']) => void>(() => {});

let nextId = 1;

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const announce = useCallback((text: string, tone: Toast['tone'] = 'success') => {
    const id = nextId++;
    setToasts((ts) => [...ts.slice(-2), { id, text, tone }]);
    window.setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), 6000);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <Ctx.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast--${t.tone}`}>
            {t.text}
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

export function useAnnounce() {
  return useContext(Ctx);
}
