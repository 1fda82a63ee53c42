import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import type { UseChannelResult } from "../../hooks/useChannel";
import type { Membership } from "../../hooks/useMembership";
import { userMessage } from "../../services/apiErrors";
import { formatTimestamp } from "../../services/formatTimestamp";
import { knownUsers } from "../../services/mentions";
import type { ChatMessage } from "../../types/api";
import { ErrorState } from "../StatusViews";
import { ConnectionBanner } from "./ConnectionStatus";
import { ConversationContext } from "./conversationContext";
import type { ConversationActions } from "./conversationContext";
import { DeleteMessageDialog } from "./DeleteMessageDialog";
import { EmojiPickerDialog } from "./EmojiPickerDialog";
import { MessageComposer } from "./MessageComposer";
import type { ReplyTarget } from "./MessageComposer";
import { MessageList } from "./MessageList";
import type { ConversationIntro } from "./MessageList";
import { useReadMarker } from "../readStates/useReadMarker";
import { useUploadTray } from "../../hooks/useUploadTray";
import { useGateway } from "../../context/GatewayContext";
import { mayAttachFiles } from "../../services/attachPermission";
import { FileDropZone } from "../attachments/FileDropZone";
import { useReadStates } from "../../context/ReadStateContext";
import { markBefore } from "../../services/readStates";

interface ConversationProps {
  /** The channel (or DM) shown: its read mark and acks (SPEC §8). */
  channelId: number;
  chat: UseChannelResult;
  channelName: string;
  membership: Membership;
  /** The viewer owns the server (may delete anyone's messages). */
  owner: boolean;
  /** Further known members (e.g. who joined while the channel was open), by id. */
  members?: ReadonlyMap<number, string>;
  /** A DM's name in text ("@bob") and welcome, instead of a channel's. */
  label?: string;
  intro?: ConversationIntro;
  /** A message to show in context (a search result): loaded around it, scrolled to, marked.
   * `token` changes with every request, even for the same message. */
  jumpRequest?: { id: number; token: number } | null;
  /** Until when a moderator's timeout holds me back here (SPEC §10), or null. */
  timedOutUntil?: string | null;
}

const HIGHLIGHT_MS = 2_500;

/** A channel's messages, the message box, and what stands between them (status, join hint). */
export function Conversation({
  channelId,
  chat,
  channelName,
  membership,
  owner,
  members,
  label,
  intro,
  jumpRequest,
  timedOutUntil = null,
}: ConversationProps) {
  const { api, user } = useAuth();
  const { markUnread } = useReadStates();
  const myUserId = user?.id ?? null;
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null);
  const [pickerFor, setPickerFor] = useState<ChatMessage | null>(null);
  const [deleting, setDeleting] = useState<ChatMessage | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [jump, setJump] = useState<{ id: number; token: number } | null>(null);
  const composerInput = useRef<HTMLTextAreaElement>(null);
  const { messages, send, edit, remove, react, jumpTo } = chat;
  const readMarker = useReadMarker(channelId, messages, chat.hasOlder, myUserId);
  const openedMark = readMarker.openedMark;
  const uploads = useUploadTray(channelId);
  const canPost = membership.isMember === true;
  const { gateway } = useGateway();
  const canAttach = canPost && mayAttachFiles(gateway?.ready ?? null, channelId);

  const names = useMemo(() => {
    const extra: [number, string][] = [...(members ?? [])];
    if (user) extra.push([user.id, user.username]);
    return knownUsers(messages, extra);
  }, [messages, user, members]);

  useEffect(() => {
    if (!jump) return;
    const timer = setTimeout(() => setJump(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [jump]);

  const jumpToMessage = useCallback(
    async (messageId: number) => {
      setActionError(null);
      const found = await jumpTo(messageId);
      if (found) setJump({ id: messageId, token: Date.now() });
      else setActionError("That message can't be found any more.");
    },
    [jumpTo],
  );

  // A requested jump waits for the first page: its load would replace the jump's window.
  const handledJump = useRef<number | null>(null);
  const firstPageLoaded = !chat.loading;
  useEffect(() => {
    if (!jumpRequest || !firstPageLoaded || handledJump.current === jumpRequest.token) return;
    handledJump.current = jumpRequest.token;
    void jumpToMessage(jumpRequest.id);
  }, [jumpRequest, firstPageLoaded, jumpToMessage]);

  // The mark goes to the message just before the chosen one: from the page, or asked for when
  // the chosen one is the first loaded.
  const markUnreadFrom = useCallback(
    async (message: ChatMessage) => {
      setActionError(null);
      try {
        let before = markBefore(messages, message.id);
        if (before === null) {
          const older = await api.get<ChatMessage[]>(
            `/api/channels/${channelId}/messages/?before=${message.id}&limit=1`,
          );
          before = older[older.length - 1]?.id ?? null;
        }
        if (before === null) setActionError("This is the first message: nothing comes before it.");
        else await markUnread(channelId, before);
      } catch (error) {
        setActionError(userMessage(error));
      }
    },
    [api, channelId, messages, markUnread],
  );
  const hasOlder = chat.hasOlder;
  const firstId = messages[0]?.id;

  const actions = useMemo<ConversationActions>(
    () => ({
      myUserId,
      canPost: membership.isMember === true,
      canModerate: owner,
      names,
      reply: (message) => {
        setReplyTo({ id: message.id, sender: message.sender });
        composerInput.current?.focus();
      },
      openPicker: setPickerFor,
      toggleReaction: (message, emoji, add) => {
        setActionError(null);
        react(message.id, emoji, add).catch((error) => setActionError(userMessage(error)));
      },
      edit: (message, content) => edit(message.id, content),
      askDelete: setDeleting,
      jumpTo: (messageId) => void jumpToMessage(messageId),
      markUnread: (message) => void markUnreadFrom(message),
      hasEarlier: (message) => message.id !== firstId || hasOlder,
    }),
    [
      myUserId,
      membership.isMember,
      owner,
      names,
      react,
      edit,
      jumpToMessage,
      markUnreadFrom,
      firstId,
      hasOlder,
    ],
  );

  if (chat.fatalError) return <ErrorState message={chat.fatalError} />;
  return (
    <ConversationContext.Provider value={actions}>
      <FileDropZone
        enabled={canAttach}
        label={label ?? `#${channelName}`}
        onFiles={(files) => {
          uploads.add(files);
          composerInput.current?.focus();
        }}
      >
        <ConnectionBanner status={chat.status} onRetry={chat.retry} />
        {chat.historyError && (
          <ErrorState
            compact
            message={`Couldn't load messages: ${chat.historyError}`}
            onRetry={chat.retry}
          />
        )}
        <MessageList
          channelName={channelName}
          label={label}
          intro={intro}
          messages={messages}
          loading={chat.loading}
          hasOlder={chat.hasOlder}
          hasNewer={chat.hasNewer}
          loadingOlder={chat.loadingOlder}
          loadingNewer={chat.loadingNewer}
          onLoadOlder={chat.loadOlder}
          onLoadNewer={chat.loadNewer}
          onJumpToPresent={chat.jumpToPresent}
          myUserId={myUserId}
          jump={jump}
          firstUnreadId={readMarker.firstUnreadId}
          onJumpToUnread={
            readMarker.firstUnreadId === null && openedMark !== null
              ? () => void jumpToMessage(openedMark)
              : null
          }
          onBottomSeen={readMarker.onBottomSeen}
        />
        {actionError && (
          <Alert
            severity="error"
            onClose={() => setActionError(null)}
            sx={{ mx: { xs: 1, sm: 2 }, mb: 1 }}
          >
            {actionError}
          </Alert>
        )}
        {membership.error && (
          <Alert severity="error" sx={{ mx: { xs: 1, sm: 2 }, mb: 1 }}>
            {membership.error}
          </Alert>
        )}
        {membership.isMember === false && (
          <Alert
            severity="info"
            role="status"
            sx={{ mx: { xs: 1, sm: 2 }, mb: 1 }}
            action={
              <Button
                color="inherit"
                size="small"
                onClick={membership.join}
                disabled={membership.busy}
              >
                Join
              </Button>
            }
          >
            You're reading as a visitor. Join this server to post.
          </Alert>
        )}
        {timedOutUntil && (
          <Alert severity="warning" role="status" sx={{ mx: { xs: 1, sm: 2 }, mb: 1 }}>
            {`You're timed out until ${formatTimestamp(timedOutUntil)}. You can read, but not post or react.`}
          </Alert>
        )}
        <MessageComposer
          disabled={timedOutUntil !== null}
          channelName={channelName}
          label={label}
          onSend={async (text, attachments) => {
            await send(text, replyTo?.id, attachments);
            setReplyTo(null);
          }}
          onTyping={chat.notifyTyping}
          typingUsers={chat.typingUsers}
          replyTo={replyTo}
          onCancelReply={() => {
            setReplyTo(null);
            composerInput.current?.focus();
          }}
          mentionUsers={names}
          inputRef={composerInput}
          uploads={canAttach ? uploads : undefined}
        />
      </FileDropZone>
      <EmojiPickerDialog
        open={pickerFor !== null}
        onClose={() => setPickerFor(null)}
        onChoose={(emoji) => {
          const message = pickerFor;
          setPickerFor(null);
          if (!message) return;
          const mine = message.reactions?.find((r) => r.emoji === emoji)?.me ?? false;
          if (!mine) actions.toggleReaction(message, emoji, true);
        }}
      />
      <DeleteMessageDialog
        message={deleting}
        names={names}
        onClose={() => setDeleting(null)}
        onDelete={(message) => remove(message.id)}
      />
    </ConversationContext.Provider>
  );
}
