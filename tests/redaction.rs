//! Secrets are found and never printed whole: credentials of many kinds are planted in a
//! temporary repository (source, config, `.env`, Dockerfile, a key file), the repository is
//! scanned, and every report format is checked: each planted secret has a finding on its line,
//! and no output contains any of them — only their first 4 characters and `****`.

use readycheck::engine::{ScanOptions, scan};
use readycheck::report::{Format, RenderOptions, reporter};
use std::path::Path;

/// One planted credential: where it is, what it is, and the text that must never be printed.
struct Planted {
    kind: &'static str,
    path: &'static str,
    line: usize,
    secret: &'static str,
}

const PLANTED: &[Planted] = &[
    Planted {
        kind: "AWS access key id",
        path: "app/config.py",
        line: 3,
        secret: "AKIAVQJXXVBOTHD0WTFL",
    },
    Planted {
        kind: "GitHub token",
        path: "app/config.py",
        line: 4,
        secret: "ghp_hbmuaptt0Azn0DNRUQxA71p2Td8VKqxryo1n",
    },
    Planted {
        kind: "Stripe live key",
        path: "app/config.py",
        line: 5,
        secret: "sk_live_YaUSRCsllZq3ZycZOkN8gaW1",
    },
    Planted {
        kind: "password assignment",
        path: "app/config.py",
        line: 6,
        secret: "Wq03mSM9B8zhIP",
    },
    Planted {
        kind: "password in URL",
        path: "app/config.py",
        line: 7,
        secret: "T2QFhQOjWmjr",
    },
    Planted {
        kind: "Google API key",
        path: "app/config.py",
        line: 8,
        secret: "AIzauIb9OZiFZ3HLKv797TPNbpjava1bMZwIMlv",
    },
    Planted {
        kind: "OpenAI key",
        path: "web/client.ts",
        line: 1,
        secret: "sk-proj-bSh2Cde2wioVMEuUYMjPeFXsRgZzCYTHY2IvGYF0eYF2ExFJ",
    },
    Planted {
        kind: "Anthropic key",
        path: "web/client.ts",
        line: 2,
        secret: "sk-ant-api03-m7aSz7NRSOtv75y4SXvE9rwLbAtf6e9cpCGybY9lMR4pAwBp3GVy1PixOqoRGrB5Vpg5C6QsyHZytfqY6K1Qjah4dX",
    },
    Planted {
        kind: "Slack token",
        path: "web/client.ts",
        line: 3,
        secret: "xoxb-140532352691-5956419069784-tYpATIk27f4t3tGolUByxRmX",
    },
    Planted {
        kind: "JWT",
        path: "web/client.ts",
        line: 4,
        secret: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpYXQiOjE3MDAwMDAwMDB9.Zm9vYmFyYmF6cXV4cXV1eA",
    },
    Planted {
        kind: "SendGrid key",
        path: "web/client.ts",
        line: 5,
        secret: "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",
    },
    Planted {
        kind: "Twilio key",
        path: "web/client.ts",
        line: 6,
        secret: "SK5ab3adf32b1cc8fa650bdf6593d1b61b",
    },
    Planted {
        kind: "session secret fallback",
        path: "web/client.ts",
        line: 7,
        secret: "k3yb0ard-c4t-Xq81",
    },
    Planted {
        kind: "GitLab token",
        path: "config/app.yaml",
        line: 2,
        secret: "glpat-J599dTCZWZYvRSZeyx4A",
    },
    Planted {
        kind: "YAML password",
        path: "config/app.yaml",
        line: 3,
        secret: "iYGsu72rikBd0YG5",
    },
    Planted {
        kind: ".env secret",
        path: ".env",
        line: 1,
        secret: "Zq8rTt3vXy91Lm",
    },
    Planted {
        kind: "Hugging Face token",
        path: ".env",
        line: 2,
        secret: "hf_CuFVpoDCIb20W0tvi1jsmCaDAoZuSEyDvv",
    },
    Planted {
        kind: "Dockerfile ENV password",
        path: "Dockerfile",
        line: 3,
        secret: "hunter2hunter2",
    },
    Planted {
        kind: "npm token in ARG",
        path: "Dockerfile",
        line: 1,
        secret: "npm_BUhWRQdIAUDFbxtBetshRQNG3dhi4wVnX558",
    },
    Planted {
        kind: "GitHub fine-grained token",
        path: "cmd/main.go",
        line: 3,
        secret: "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",
    },
    Planted {
        kind: "Stripe webhook secret",
        path: "src/main.rs",
        line: 1,
        secret: "whsec_jxTZVcUOpdxfWEIRH3KU3hOuNsFqrLtC",
    },
    Planted {
        kind: "private key",
        path: "deploy/server.key",
        line: 1,
        secret: "9DYpQaxEN+cNljiRkV71kDRuIr2jhTxs+OHKDpnJh/rgiOaPq/N9RtlnnudSkpmK",
    },
];

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn plant(root: &Path) {
    write(
        root,
        "app/config.py",
        "import os\n\n\
         AWS_ACCESS_KEY_ID = \"AKIAVQJXXVBOTHD0WTFL\"\n\
         GITHUB = \"ghp_hbmuaptt0Azn0DNRUQxA71p2Td8VKqxryo1n\"\n\
         STRIPE = \"sk_live_YaUSRCsllZq3ZycZOkN8gaW1\"\n\
         DB_PASSWORD = \"Wq03mSM9B8zhIP\"\n\
         DATABASE_URL = \"postgres://app:T2QFhQOjWmjr@db.internal:5432/app\"\n\
         MAPS = {\"key\": \"AIzauIb9OZiFZ3HLKv797TPNbpjava1bMZwIMlv\"}\n",
    );
    write(
        root,
        "web/client.ts",
        "export const openai = \"sk-proj-bSh2Cde2wioVMEuUYMjPeFXsRgZzCYTHY2IvGYF0eYF2ExFJ\";\n\
         export const claude = \"sk-ant-api03-m7aSz7NRSOtv75y4SXvE9rwLbAtf6e9cpCGybY9lMR4pAwBp3GVy1PixOqoRGrB5Vpg5C6QsyHZytfqY6K1Qjah4dX\";\n\
         export const slack = \"xoxb-140532352691-5956419069784-tYpATIk27f4t3tGolUByxRmX\";\n\
         export const jwt = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpYXQiOjE3MDAwMDAwMDB9.Zm9vYmFyYmF6cXV4cXV1eA\";\n\
         export const sendgrid = \"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\";\n\
         export const twilio = \"SK5ab3adf32b1cc8fa650bdf6593d1b61b\";\n\
         export const secret = process.env.SESSION_SECRET || \"k3yb0ard-c4t-Xq81\";\n",
    );
    write(
        root,
        "config/app.yaml",
        "gitlab:\n  token: glpat-J599dTCZWZYvRSZeyx4A\n  password: \"iYGsu72rikBd0YG5\"\n",
    );
    write(
        root,
        ".env",
        "API_SECRET=Zq8rTt3vXy91Lm\nHF_TOKEN=hf_CuFVpoDCIb20W0tvi1jsmCaDAoZuSEyDvv\n",
    );
    write(
        root,
        "Dockerfile",
        "ARG NPM_TOKEN=npm_BUhWRQdIAUDFbxtBetshRQNG3dhi4wVnX558\nFROM node:20.11-alpine\nENV DB_PASSWORD=hunter2hunter2\nCMD [\"node\", \"server.js\"]\n",
    );
    write(
        root,
        "cmd/main.go",
        "package main\n\nconst token = \"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\"\n\nfunc main() {}\n",
    );
    write(
        root,
        "src/main.rs",
        "const WEBHOOK_SECRET: &str = \"whsec_jxTZVcUOpdxfWEIRH3KU3hOuNsFqrLtC\";\nfn main() {}\n",
    );
    write(
        root,
        "deploy/server.key",
        "-----BEGIN PRIVATE KEY-----\n\
         9DYpQaxEN+cNljiRkV71kDRuIr2jhTxs+OHKDpnJh/rgiOaPq/N9RtlnnudSkpmK\n\
         og0Qwp/vaQcT7xl2cwC6dT0ctPVnaawqrczLJWImKMG4hEbuUVDPDR/m0k5iqkwU\n\
         -----END PRIVATE KEY-----\n",
    );
    write(
        root,
        "package.json",
        "{ \"name\": \"leaky\", \"dependencies\": { \"express\": \"^4.19.0\" } }\n",
    );
}

#[test]
fn planted_secrets_are_found_and_never_printed_whole() {
    let dir = tempfile::tempdir().unwrap();
    plant(dir.path());
    let rules = readycheck::rules::builtin().unwrap();
    let result = scan(dir.path(), &rules, &ScanOptions::default()).unwrap();

    let kinds: std::collections::BTreeSet<&str> = PLANTED.iter().map(|p| p.kind).collect();
    assert!(kinds.len() >= 15, "plant at least 15 kinds of credential");

    for p in PLANTED {
        let found = result.rules.iter().any(|r| {
            r.outcome
                .findings
                .iter()
                .any(|f| f.location.path == p.path && f.location.line == p.line)
        });
        assert!(found, "{} at {}:{} was not reported by any rule", p.kind, p.path, p.line);
    }

    let outputs = [Format::Table, Format::Json, Format::Markdown, Format::Sarif, Format::Github]
        .map(|f| (f, reporter(f).render(&result, &RenderOptions::default())));
    for (format, out) in &outputs {
        for p in PLANTED {
            assert!(!out.contains(p.secret), "{format:?} output prints the {} whole", p.kind);
        }
    }
    let json = &outputs[1].1;
    for p in PLANTED.iter().filter(|p| p.kind != "private key") {
        let masked = format!("{}****", p.secret.chars().take(4).collect::<String>());
        assert!(json.contains(&masked), "JSON does not show the {} masked as `{masked}`", p.kind);
    }
}
