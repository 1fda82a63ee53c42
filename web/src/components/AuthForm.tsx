import { useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Alert, Box, Button, Paper, TextField, Typography } from "@mui/material";
import ForumRoundedIcon from "@mui/icons-material/ForumRounded";
import { Link as RouterLink } from "react-router-dom";
import type { Credentials, FormErrors } from "../services/authService";

interface AuthFormProps {
  title: string;
  submitLabel: string;
  /** Runs the request; resolves to errors to show, or null on success. */
  onSubmit(credentials: Credentials): Promise<FormErrors | null>;
  /** Extra client-side rule for the password (registration asks for 8+ characters). */
  minPasswordLength?: number;
  notice?: string;
  footer: ReactNode;
}

/** The username/password form shared by the login and registration pages. */
export function AuthForm({
  title,
  submitLabel,
  onSubmit,
  minPasswordLength,
  notice,
  footer,
}: AuthFormProps) {
  const [values, setValues] = useState<Credentials>({ username: "", password: "" });
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitting, setSubmitting] = useState(false);

  function validate(): FormErrors {
    const found: FormErrors = {};
    if (!values.username.trim()) found.username = "Required";
    if (!values.password) found.password = "Required";
    else if (minPasswordLength && values.password.length < minPasswordLength) {
      found.password = `At least ${minPasswordLength} characters`;
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    const result = await onSubmit({ username: values.username.trim(), password: values.password });
    // On success the page navigates away; only a failure leaves anything to update.
    if (result) {
      setErrors(result);
      setSubmitting(false);
    }
  }

  const field = (name: keyof Credentials, label: string, extra: object) => (
    <TextField
      id={`auth-${name}`}
      name={name}
      label={label}
      value={values[name]}
      onChange={(event) => setValues({ ...values, [name]: event.target.value })}
      error={Boolean(errors[name])}
      helperText={errors[name] ?? " "}
      fullWidth
      margin="dense"
      {...extra}
    />
  );

  return (
    <Box sx={{ minHeight: "100dvh", display: "grid", placeItems: "center", px: 2, py: 4 }}>
      <Paper
        variant="outlined"
        sx={{ width: "100%", maxWidth: 400, p: { xs: 3, sm: 4 }, borderRadius: 4 }}
      >
        <Box
          component={RouterLink}
          to="/"
          sx={{
            display: "inline-flex",
            alignItems: "center",
            gap: 1,
            color: "text.primary",
            textDecoration: "none",
            mb: 3,
            borderRadius: 1,
          }}
        >
          <ForumRoundedIcon color="primary" />
          <Typography variant="h6" component="span">
            Parley
          </Typography>
        </Box>
        <Typography variant="h5" component="h1" fontWeight={700} sx={{ mb: 2 }}>
          {title}
        </Typography>
        {notice && !errors.form && (
          <Alert severity="success" sx={{ mb: 2 }}>
            {notice}
          </Alert>
        )}
        {errors.form && (
          <Alert severity="error" sx={{ mb: 2 }} role="alert">
            {errors.form}
          </Alert>
        )}
        <Box component="form" noValidate onSubmit={submit}>
          {field("username", "Username", {
            autoComplete: "username",
            autoFocus: true,
            inputProps: { maxLength: 150 },
          })}
          {field("password", "Password", {
            type: "password",
            autoComplete: minPasswordLength ? "new-password" : "current-password",
          })}
          <Button
            type="submit"
            variant="contained"
            size="large"
            fullWidth
            disableElevation
            disabled={submitting}
            sx={{ mt: 1 }}
          >
            {submitting ? "Please wait…" : submitLabel}
          </Button>
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 3, textAlign: "center" }}>
          {footer}
        </Typography>
      </Paper>
    </Box>
  );
}
