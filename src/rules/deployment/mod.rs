//! Deployment rules implemented natively, and path helpers the engine shares with them.

/// True for a container build file: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`.
pub fn is_dockerfile_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name == "dockerfile" || name.starts_with("dockerfile.") || name.ends_with(".dockerfile") || name == "containerfile"
}
