import { useEffect, useState } from "react";
import {
  Alert,
  Box,
  Chip,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  TextField,
  Typography,
} from "@mui/material";
import CheckBoxIcon from "@mui/icons-material/CheckBox";
import CheckBoxOutlineBlankIcon from "@mui/icons-material/CheckBoxOutlineBlank";
import { useAuth } from "../../context/AuthContext";
import { userMessage } from "../../services/apiErrors";
import type { User } from "../../types/api";

const SEARCH_DELAY_MS = 200;

interface UserPickerProps {
  selected: readonly User[];
  onChange(selected: User[]): void;
  /** How many may be picked (a group holds the caller and at most 9 others). */
  max: number;
  /** People to leave out of the results (already in the conversation). */
  exclude?: ReadonlySet<number>;
  autoFocus?: boolean;
}

/**
 * A textbox "Find a user" searching by name prefix (`GET /api/users/search/`), and the results
 * as toggle buttons; the picked people show as chips above it.
 */
export function UserPicker({ selected, onChange, max, exclude, autoFocus }: UserPickerProps) {
  const { api } = useAuth();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<User[]>(`/api/users/search/?q=${encodeURIComponent(q)}`, controller.signal)
        .then((found) => {
          setError(null);
          setResults(found);
        })
        .catch((failure) => {
          if (!controller.signal.aborted) setError(userMessage(failure));
        });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, query]);

  const isPicked = (user: User) => selected.some((s) => s.id === user.id);
  const toggle = (user: User) => {
    if (isPicked(user)) onChange(selected.filter((s) => s.id !== user.id));
    else if (selected.length < max) onChange([...selected, user]);
  };
  const shown = (results ?? []).filter((user) => !exclude?.has(user.id));

  return (
    <Box sx={{ display: "flex", flexDirection: "column", gap: 1.5 }}>
      {selected.length > 0 && (
        <Box sx={{ display: "flex", flexWrap: "wrap", gap: 0.5 }} aria-label="Picked people">
          {selected.map((user) => (
            <Chip
              key={user.id}
              label={user.username}
              aria-label={`Remove ${user.username}`}
              onClick={() => toggle(user)}
              onDelete={() => toggle(user)}
              size="small"
            />
          ))}
        </Box>
      )}
      <TextField
        label="Find a user"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        inputProps={{ maxLength: 150, autoComplete: "off" }}
        autoFocus={autoFocus}
        helperText={selected.length >= max ? `At most ${max} people.` : "Type the start of a name."}
      />
      {error && <Alert severity="error">{error}</Alert>}
      {results && shown.length === 0 && !error && (
        <Typography variant="body2" color="text.secondary" role="status">
          Nobody found.
        </Typography>
      )}
      {shown.length > 0 && (
        <List dense aria-label="Search results" sx={{ maxHeight: 240, overflowY: "auto" }}>
          {shown.map((user) => {
            const picked = isPicked(user);
            return (
              <ListItem key={user.id} disablePadding>
                <ListItemButton
                  aria-pressed={picked}
                  onClick={() => toggle(user)}
                  disabled={!picked && selected.length >= max}
                >
                  <ListItemIcon sx={{ minWidth: 32 }}>
                    {picked ? (
                      <CheckBoxIcon fontSize="small" color="primary" />
                    ) : (
                      <CheckBoxOutlineBlankIcon fontSize="small" />
                    )}
                  </ListItemIcon>
                  <ListItemText primary={user.username} />
                </ListItemButton>
              </ListItem>
            );
          })}
        </List>
      )}
    </Box>
  );
}
