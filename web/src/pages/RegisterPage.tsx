import { Link } from "@mui/material";
import { Link as RouterLink, Navigate, useNavigate } from "react-router-dom";
import { AuthForm } from "../components/AuthForm";
import { useAuth } from "../context/AuthContext";
import { LoginAfterRegisterError, registerErrors } from "../services/authService";

export const MIN_PASSWORD_LENGTH = 8;

export function RegisterPage() {
  const { status, register } = useAuth();
  const navigate = useNavigate();

  if (status === "authenticated") return <Navigate to="/" replace />;

  return (
    <AuthForm
      title="Create an account"
      submitLabel="Register"
      minPasswordLength={MIN_PASSWORD_LENGTH}
      onSubmit={async (credentials) => {
        try {
          await register(credentials);
          navigate("/", { replace: true });
          return null;
        } catch (error) {
          if (error instanceof LoginAfterRegisterError) {
            navigate("/login", { state: { registered: true } });
            return null;
          }
          return registerErrors(error);
        }
      }}
      footer={
        <>
          Already have an account?{" "}
          <Link component={RouterLink} to="/login">
            Sign in
          </Link>
        </>
      }
    />
  );
}
