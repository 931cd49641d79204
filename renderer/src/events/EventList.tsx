// The virtualized event list: fixed-height rows, only the visible window fetched and
// rendered. Keyboard: up/down or j/k move, Enter opens. New rows above keep the rows the
// user looks at in place unless the list is scrolled to the top.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventSummary } from '../../../protocol/desktop-api.js';
import { isActivatable, isTypingTarget } from '../app/keyboard.js';
import { EventRow, ROW_HEIGHT } from './EventRow.js';
import type { EventWindowState } from './use-event-window.js';

interface EventListProps {
  state: EventWindowState;
  openId: string | null;
  onOpen(id: string): void;
  checked: ReadonlySet<string>;
  onToggleChecked(event: EventSummary): void;
  emptyText: string;
}

export function EventList({ state, openId, onOpen, checked, onToggleChecked, emptyText }: EventListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const window_ = state.window;
  const total = window_?.total ?? 0;
  const [cursor, setCursor] = useState<number | null>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // Rows prepended since the last render: shift the scroll position and the cursor by them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per window change (version).
  useLayoutEffect(() => {
    const n = state.takePrepended();
    if (n === 0) return;
    const el = scroller.current;
    if (el && el.scrollTop > 0) el.scrollTop += n * ROW_HEIGHT;
    setCursor((c) => (c === null ? c : c + n));
  }, [state.version]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the range is what matters; version re-asks after a restart.
  useEffect(() => {
    if (window_ && total > 0) window_.setVisible(first, last);
  }, [window_, first, last, total, state.version]);

  // A new query starts at the top with no cursor.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new window is a new query.
  useEffect(() => {
    setCursor(null);
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [window_]);

  const moveTo = useCallback(
    (index: number) => {
      if (total === 0) return;
      const next = Math.max(0, Math.min(total - 1, index));
      setCursor(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [total, virtualizer],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTypingTarget(e.target)) return;
      const at = cursor ?? -1;
      const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
      const moves: Record<string, number> = { ArrowDown: at + 1, j: at + 1, ArrowUp: at - 1, k: at - 1 };
      moves['PageDown'] = at + page;
      moves['PageUp'] = at - page;
      moves['Home'] = 0;
      moves['End'] = total - 1;
      const target = moves[e.key];
      if (target !== undefined) {
        e.preventDefault();
        moveTo(target);
      } else if (e.key === 'Enter' && cursor !== null && !isActivatable(e.target)) {
        const event = window_?.get(cursor);
        if (event) {
          e.preventDefault();
          onOpen(event.id);
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [cursor, moveTo, onOpen, total, window_]);

  // One click listener for every row; the keyboard is handled above (j/k, arrows, Enter).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onClick = (e: MouseEvent) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (!row || (e.target as HTMLElement).closest('input')) return;
      const index = Number(row.dataset['index']);
      const event = window_?.get(index);
      if (!event) return;
      if (e.ctrlKey || e.metaKey) return onToggleChecked(event);
      setCursor(index);
      onOpen(event.id);
    };
    el.addEventListener('click', onClick);
    return () => el.removeEventListener('click', onClick);
  }, [window_, onOpen, onToggleChecked]);

  return (
    <div className="event-list-frame">
      <div className="event-row header">
        <span className="cell check" />
        <span className="cell method">Method</span>
        <span className="cell path">Path</span>
        <span className="cell type">Content type</span>
        <span className="cell size">Size</span>
        <span className="cell status">Local</span>
        <span className="cell time">Received</span>
      </div>
      <div ref={scroller} className="event-list" data-testid="event-list">
        {total === 0 && state.ready ? <p className="empty">{emptyText}</p> : null}
        <div className="event-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const event = window_?.get(item.index);
            return (
              <EventRow
                key={event?.id ?? `loading-${item.index}`}
                event={event}
                index={item.index}
                top={item.start}
                selected={cursor === item.index}
                open={event !== undefined && event.id === openId}
                checked={event !== undefined && checked.has(event.id)}
                onToggleChecked={onToggleChecked}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
