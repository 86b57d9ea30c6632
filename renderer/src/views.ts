import { useEffect, useState } from 'react';
import { type ViewId, views } from './view-list';

const fromHash = (hash: string): ViewId => {
  const id = hash.replace(/^#/, '').split('&')[0];
  return views.find((v) => v.id === id)?.id ?? 'overview';
};

/** The view the fragment names, following the back and forward buttons. */
export const useHashView = (): ViewId => {
  const [view, setView] = useState<ViewId>(() => fromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setView(fromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return view;
};
