import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Box, Button, CircularProgress, Divider, Typography } from "@mui/material";
import { formatDay } from "../../services/formatTimestamp";
import { groupMessages } from "../../services/groupMessages";
import type { ChatMessage } from "../../types/api";
import { MessageGroup } from "./MessageGroup";

/** What the top of a conversation says once its first message is on screen. */
export interface ConversationIntro {
  title: string;
  empty: string;
  start: string;
}

interface MessageListProps {
  channelName: string;
  /** Replaces the channel's welcome (a DM is no channel). */
  intro?: ConversationIntro;
  /** How the log names the conversation ("#general" by default). */
  label?: string;
  messages: ChatMessage[];
  loading: boolean;
  hasOlder: boolean;
  hasNewer: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  onLoadOlder(): void;
  onLoadNewer(): void;
  onJumpToPresent(): void;
  /** Id of the viewer: their own new messages always scroll into view. */
  myUserId: number | null;
  /** A message to scroll to and mark; `token` changes with every jump, even to the same one. */
  jump: { id: number; token: number } | null;
  /** Starts the "new messages" divider (SPEC §8); null: nothing unread on this page. */
  firstUnreadId?: number | null;
  /** The first unread is older than this page: loads it (the jump control calls it). */
  onJumpToUnread?: (() => void) | null;
  /** The reader is at the bottom of the newest page, whose last message is lastId. */
  onBottomSeen?(lastId: number): void;
}

/** Distance from the top (px) at which the previous page starts loading. */
const LOAD_OLDER_THRESHOLD = 150;
/** Within this distance of the bottom the view follows new messages. */
const STICK_TO_BOTTOM_THRESHOLD = 120;

/**
 * The scrolling conversation. Keeps the reading position stable: older pages inserted above do
 * not move what is on screen, and new messages scroll into view only for a reader already at the
 * bottom (or for the author). After a jump into older history, newer pages load on scrolling
 * down, and "Jump to present" goes back to the newest page.
 */
export function MessageList({
  channelName,
  intro,
  label = `#${channelName}`,
  messages,
  loading,
  hasOlder,
  hasNewer,
  loadingOlder,
  loadingNewer,
  onLoadOlder,
  onLoadNewer,
  onJumpToPresent,
  myUserId,
  jump,
  firstUnreadId = null,
  onJumpToUnread = null,
  onBottomSeen,
}: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const previous = useRef({
    firstId: 0,
    lastId: 0,
    scrollHeight: 0,
    atBottom: true,
    hasNewer: false,
  });
  const days = useMemo(() => groupMessages(messages, firstUnreadId), [messages, firstUnreadId]);
  const [dividerAbove, setDividerAbove] = useState(false);
  const lastId = messages[messages.length - 1]?.id ?? 0;

  // What the reader sees decides the read mark and whether the jump control shows.
  const seen = useRef({ onBottomSeen, hasNewer, lastId });
  seen.current = { onBottomSeen, hasNewer, lastId };
  function noteWhatIsSeen() {
    const element = scroller.current;
    if (!element) return;
    const now = seen.current;
    if (now.lastId && !now.hasNewer && isAtBottom(element)) now.onBottomSeen?.(now.lastId);
    const divider = element.querySelector("[data-new-messages-divider]");
    setDividerAbove(
      divider !== null &&
        divider.getBoundingClientRect().bottom < element.getBoundingClientRect().top,
    );
  }
  useEffect(() => {
    noteWhatIsSeen();
    // Coming back to the tab counts as seeing what is on screen.
    const onVisible = () => document.visibilityState === "visible" && noteWhatIsSeen();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("focus", onVisible);
    };
  }, [lastId, hasNewer, firstUnreadId]);

  function jumpToFirstUnread() {
    const divider = scroller.current?.querySelector<HTMLElement>("[data-new-messages-divider]");
    if (divider) {
      divider.scrollIntoView({ block: "start" });
      setDividerAbove(false);
    } else onJumpToUnread?.();
  }
  const showJumpToUnread = (firstUnreadId !== null && dividerAbove) || onJumpToUnread !== null;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = previous.current;
    const firstId = messages[0]?.id ?? 0;
    const last = messages[messages.length - 1];
    const lastId = last?.id ?? 0;
    if (before.lastId && firstId < before.firstId && lastId === before.lastId) {
      element.scrollTop += element.scrollHeight - before.scrollHeight;
    } else if (
      lastId !== before.lastId &&
      !before.hasNewer &&
      !hasNewer &&
      (before.atBottom || last?.sender_id === myUserId)
    ) {
      element.scrollTop = element.scrollHeight;
    }
    previous.current = {
      firstId,
      lastId,
      scrollHeight: element.scrollHeight,
      atBottom: isAtBottom(element),
      hasNewer,
    };
  }, [messages, myUserId, hasNewer]);

  // Scroll once per jump, as soon as its message is on the page (it may arrive with a page).
  const jumped = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (!jump || jumped.current === jump.token) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-message-row="${jump.id}"]`);
    if (!row) return;
    jumped.current = jump.token;
    row.scrollIntoView({ block: "center" });
    row.focus({ preventScroll: true });
    const element = scroller.current!;
    previous.current.atBottom = isAtBottom(element);
    previous.current.scrollHeight = element.scrollHeight;
  }, [jump, messages]);

  // A first page shorter than the screen leaves nothing to scroll: fetch more right away.
  useEffect(() => {
    const element = scroller.current;
    if (element && hasOlder && !loadingOlder && element.scrollHeight <= element.clientHeight)
      onLoadOlder();
  }, [messages, hasOlder, loadingOlder, onLoadOlder]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    previous.current.atBottom = isAtBottom(element);
    previous.current.scrollHeight = element.scrollHeight;
    noteWhatIsSeen();
    if (element.scrollTop < LOAD_OLDER_THRESHOLD && hasOlder && !loadingOlder) onLoadOlder();
    if (previous.current.atBottom && hasNewer && !loadingNewer) onLoadNewer();
  }

  return (
    <Box sx={{ position: "relative", flexGrow: 1, minHeight: 0, display: "flex" }}>
      <Box
        ref={scroller}
        onScroll={onScroll}
        data-testid="message-scroller"
        sx={{ flexGrow: 1, overflowY: "auto", overflowX: "hidden", pb: 2, pt: 1 }}
      >
        {loading && (
          <Box role="status" sx={{ display: "flex", justifyContent: "center", gap: 1, py: 4 }}>
            <CircularProgress size={18} />
            <Typography variant="body2" color="text.secondary">
              Loading messages…
            </Typography>
          </Box>
        )}
        {loadingOlder && (
          <Box role="status" sx={{ display: "flex", justifyContent: "center", py: 1.5 }}>
            <CircularProgress size={18} aria-label="Loading older messages" />
          </Box>
        )}
        {!loading && !hasOlder && !loadingOlder && (
          <Box sx={{ px: { xs: 1.5, sm: 2.5 }, pt: 3, pb: 1 }}>
            <Typography variant="h5" component="p" fontWeight={700}>
              {intro ? intro.title : `Welcome to #${channelName}!`}
            </Typography>
            <Typography color="text.secondary">
              {messages.length === 0
                ? (intro?.empty ??
                  `No messages yet. Say hello to start the #${channelName} channel.`)
                : (intro?.start ?? `This is the start of the #${channelName} channel.`)}
            </Typography>
          </Box>
        )}
        <Box component="ol" role="log" aria-label={`Messages in ${label}`} sx={{ m: 0, p: 0 }}>
          {days.map((day) => (
            <Box component="li" key={day.day} sx={{ listStyle: "none" }}>
              <Divider
                sx={{
                  mx: { xs: 1.5, sm: 2.5 },
                  mt: 2,
                  mb: 0.5,
                  fontSize: 12,
                  fontWeight: 600,
                  color: "text.secondary",
                }}
              >
                {formatDay(day.firstTimestamp)}
              </Divider>
              <Box component="ol" sx={{ m: 0, p: 0 }}>
                {day.groups.map((group) => (
                  <MessageGroup key={group.key} group={group} highlightId={jump?.id ?? null} />
                ))}
              </Box>
            </Box>
          ))}
        </Box>
        {loadingNewer && (
          <Box role="status" sx={{ display: "flex", justifyContent: "center", py: 1.5 }}>
            <CircularProgress size={18} aria-label="Loading newer messages" />
          </Box>
        )}
      </Box>
      {showJumpToUnread && (
        <Button
          variant="contained"
          color="error"
          size="small"
          onClick={jumpToFirstUnread}
          sx={{ position: "absolute", top: 8, left: "50%", transform: "translateX(-50%)" }}
        >
          Jump to first unread
        </Button>
      )}
      {hasNewer && (
        <Button
          variant="contained"
          size="small"
          onClick={onJumpToPresent}
          sx={{ position: "absolute", bottom: 12, left: "50%", transform: "translateX(-50%)" }}
        >
          Jump to present
        </Button>
      )}
    </Box>
  );
}

function isAtBottom(element: HTMLElement): boolean {
  return (
    element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_THRESHOLD
  );
}
