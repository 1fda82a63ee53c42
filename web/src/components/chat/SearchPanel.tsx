import { useEffect, useRef } from "react";
import type { KeyboardEvent } from "react";
import {
  Box,
  Button,
  Checkbox,
  Drawer,
  FormControl,
  FormControlLabel,
  IconButton,
  InputLabel,
  List,
  ListItemButton,
  MenuItem,
  Select,
  Tooltip,
  Typography,
  useMediaQuery,
} from "@mui/material";
import { useTheme } from "@mui/material/styles";
import CloseIcon from "@mui/icons-material/Close";
import { formatTimestamp } from "../../services/formatTimestamp";
import { resultCount, searchable } from "../../services/search";
import type { SearchFilters } from "../../services/search";
import type { ChatMessage } from "../../types/api";
import { EmptyState, ErrorState, LoadingState } from "../StatusViews";
import type { MessageSearch } from "./useMessageSearch";

export const SEARCH_PANEL_ID = "message-search-results";
const WIDTH = 340;

interface SearchPanelProps {
  search: MessageSearch;
  myUserId: number | null;
  /** Channel names by id (a server's), to say where each result is; null in a DM. */
  channelNames: ReadonlyMap<number, string> | null;
  onJump(message: ChatMessage): void;
}

/** Search results beside the conversation (a drawer on a phone), with the filters above them. */
export function SearchPanel({ search, myUserId, channelNames, onJump }: SearchPanelProps) {
  const theme = useTheme();
  const isPhone = useMediaQuery(theme.breakpoints.down("md"), { noSsr: true });
  const body = (
    <SearchBody
      search={search}
      myUserId={myUserId}
      channelNames={channelNames}
      onJump={(message) => {
        if (isPhone) search.close();
        onJump(message);
      }}
    />
  );
  if (isPhone) {
    return (
      <Drawer
        anchor="right"
        open={search.open}
        onClose={search.close}
        PaperProps={{ sx: { width: `min(${WIDTH + 20}px, 92vw)` } }}
      >
        {body}
      </Drawer>
    );
  }
  if (!search.open) return null;
  return (
    <Box
      sx={{
        width: WIDTH,
        flexShrink: 0,
        borderLeft: `1px solid ${theme.palette.divider}`,
        minHeight: 0,
        display: "flex",
        flexDirection: "column",
      }}
    >
      {body}
    </Box>
  );
}

function SearchBody({ search, myUserId, channelNames, onJump }: SearchPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { filters, setFilters } = search;
  useEffect(() => heading.current?.focus(), []);
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === "Escape") search.close();
  };
  const asked = searchable(filters);
  return (
    <Box
      id={SEARCH_PANEL_ID}
      component="section"
      aria-labelledby="message-search-heading"
      onKeyDown={closeOnEscape}
      sx={{ display: "flex", flexDirection: "column", minHeight: 0, flex: 1 }}
    >
      <Box sx={{ display: "flex", alignItems: "center", px: 2, pt: 1.5, gap: 1 }}>
        <Typography
          id="message-search-heading"
          ref={heading}
          tabIndex={-1}
          component="h2"
          variant="subtitle1"
          fontWeight={700}
          sx={{ flexGrow: 1, outline: "none" }}
        >
          {filters.q.trim() ? `Search: ${filters.q.trim()}` : "Search"}
        </Typography>
        <Tooltip title="Close the search">
          <IconButton aria-label="Close the search" size="small" onClick={search.close}>
            <CloseIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      <Filters
        filters={filters}
        setFilters={setFilters}
        myUserId={myUserId}
        inServer={channelNames !== null}
      />
      <Box
        sx={{ flex: 1, minHeight: 0, overflowY: "auto" }}
        aria-busy={search.loading}
        aria-live="polite"
      >
        {!asked ? (
          <EmptyState title="Search messages">
            <Typography variant="body2">Type words, or choose a filter.</Typography>
          </EmptyState>
        ) : search.error ? (
          <ErrorState message={search.error} onRetry={search.retry} compact />
        ) : search.total === null || (search.loading && search.results.length === 0) ? (
          <LoadingState label="Searching…" />
        ) : search.total === 0 ? (
          <EmptyState title="No results">
            <Typography variant="body2">Try other words or fewer filters.</Typography>
          </EmptyState>
        ) : (
          <>
            <Typography role="status" variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
              {resultCount(search.total)}
            </Typography>
            <List dense aria-label="Search results" sx={{ py: 0 }}>
              {search.results.map((message) => (
                <Result
                  key={message.id}
                  message={message}
                  channelName={channelNames?.get(message.channel_id) ?? null}
                  onJump={onJump}
                />
              ))}
            </List>
            {search.results.length < search.total && (
              <Box sx={{ p: 1.5, textAlign: "center" }}>
                <Button onClick={search.loadMore} disabled={search.loading} size="small">
                  {search.loading ? "Loading…" : "More results"}
                </Button>
              </Box>
            )}
          </>
        )}
      </Box>
    </Box>
  );
}

function Filters({
  filters,
  setFilters,
  myUserId,
  inServer,
}: {
  filters: SearchFilters;
  setFilters(change: Partial<SearchFilters>): void;
  myUserId: number | null;
  inServer: boolean;
}) {
  return (
    <Box
      role="group"
      aria-label="Search filters"
      sx={{ display: "flex", flexWrap: "wrap", gap: 1, px: 2, py: 1, alignItems: "center" }}
    >
      {inServer && (
        <FormControl size="small" sx={{ minWidth: 130 }}>
          <InputLabel id="search-scope-label">In</InputLabel>
          <Select
            labelId="search-scope-label"
            label="In"
            value={filters.scope}
            onChange={(event) =>
              setFilters({ scope: event.target.value as SearchFilters["scope"] })
            }
          >
            <MenuItem value="server">This server</MenuItem>
            <MenuItem value="channel">This channel</MenuItem>
          </Select>
        </FormControl>
      )}
      <FormControl size="small" sx={{ minWidth: 120 }}>
        <InputLabel id="search-has-label">Has</InputLabel>
        <Select
          labelId="search-has-label"
          label="Has"
          value={filters.has}
          onChange={(event) => setFilters({ has: event.target.value as SearchFilters["has"] })}
        >
          <MenuItem value="">Anything</MenuItem>
          <MenuItem value="attachment">A file</MenuItem>
          <MenuItem value="link">A link</MenuItem>
        </Select>
      </FormControl>
      {myUserId !== null && (
        <>
          <FormControlLabel
            control={
              <Checkbox
                size="small"
                checked={filters.authorId === myUserId}
                onChange={(event) =>
                  setFilters({ authorId: event.target.checked ? myUserId : null })
                }
              />
            }
            label="From me"
          />
          <FormControlLabel
            control={
              <Checkbox
                size="small"
                checked={filters.mentionsId === myUserId}
                onChange={(event) =>
                  setFilters({ mentionsId: event.target.checked ? myUserId : null })
                }
              />
            }
            label="Mentions me"
          />
        </>
      )}
    </Box>
  );
}

function Result({
  message,
  channelName,
  onJump,
}: {
  message: ChatMessage;
  channelName: string | null;
  onJump(message: ChatMessage): void;
}) {
  const where = channelName ? ` in #${channelName}` : "";
  const text = message.content || (message.attachments?.length ? "(a file)" : "");
  return (
    <ListItemButton
      onClick={() => onJump(message)}
      aria-label={`Jump to the message of ${message.sender}${where}: ${text.slice(0, 80)}`}
      sx={{ display: "block", px: 2, py: 1 }}
    >
      <Typography variant="caption" color="text.secondary" component="div" noWrap>
        <strong>{message.sender}</strong>
        {where} · {formatTimestamp(message.timestamp)}
      </Typography>
      <Typography
        variant="body2"
        component="div"
        sx={{
          overflowWrap: "anywhere",
          display: "-webkit-box",
          WebkitLineClamp: 3,
          WebkitBoxOrient: "vertical",
          overflow: "hidden",
        }}
      >
        {text}
      </Typography>
    </ListItemButton>
  );
}
