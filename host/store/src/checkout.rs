//! A read-only checkout of a branch of someone else's repository (a templates repository):
//! fetched into the data directory at every job, its working tree forced to the branch's
//! newest commit, so what is rendered is exactly one named commit.

use std::path::Path;

use git2::{FetchOptions, Repository, build::CheckoutBuilder};

use crate::StoreError;
use crate::remote::{RemoteAccess, Transcript};

/// The commit checked out at `dest` by [`checkout_branch`], if there is one: what a job
/// rendered from, named in its commit message by whichever worker finalises it.
pub fn checked_out_commit(dest: &Path) -> Option<String> {
    let repo = Repository::open(dest).ok()?;
    let head = repo.head().ok()?.peel_to_commit().ok()?;
    Some(head.id().to_string())
}

/// Fetches `branch` of `remote` (a path, `file://`, SSH or HTTPS, with its credentials) into
/// the repository at `dest` (created if needed) and checks out its newest commit, discarding
/// any local change. Returns the commit id.
pub fn checkout_branch(
    remote: &RemoteAccess,
    branch: &str,
    dest: &Path,
) -> Result<String, StoreError> {
    let url = remote.shown();
    let fail = |action: &str, message: String| StoreError::Git {
        repo: dest.display().to_string(),
        action: action.to_string(),
        message,
    };
    std::fs::create_dir_all(dest)
        .map_err(|e| fail("creating the checkout folder", e.to_string()))?;
    let repo = match Repository::open(dest) {
        Ok(repo) => repo,
        Err(_) => Repository::init(dest)
            .map_err(|e| fail("initialising the checkout", e.message().to_string()))?,
    };
    let tracking = format!("refs/remotes/aurum-templates/{branch}");
    {
        let mut handle = repo.remote_anonymous(remote.url()).map_err(|e| {
            fail(
                "opening the remote",
                format!("{url}: {}", remote.scrub(e.message())),
            )
        })?;
        let transcript = Transcript::default();
        let mut options = FetchOptions::new();
        options.remote_callbacks(remote.callbacks(&transcript));
        let refspec = format!("+refs/heads/{branch}:{tracking}");
        handle
            .fetch(&[refspec.as_str()], Some(&mut options), None)
            .map_err(|e| {
                fail(
                    &format!("fetching branch `{branch}` of {url}"),
                    format!(
                        "{}; check templates_repo url, branch and credentials in aurum.toml",
                        remote.explain(&e, &transcript)
                    ),
                )
            })?;
    }
    let commit = repo
        .find_reference(&tracking)
        .and_then(|r| r.peel_to_commit())
        .map_err(|e| {
            fail(
                &format!("reading branch `{branch}` of {url}"),
                format!(
                    "{}; does the branch exist? check templates_repo branch in aurum.toml",
                    e.message()
                ),
            )
        })?;
    repo.checkout_tree(
        commit.as_object(),
        Some(CheckoutBuilder::new().force().remove_untracked(true)),
    )
    .map_err(|e| fail("checking out the templates", e.message().to_string()))?;
    repo.set_head_detached(commit.id())
        .map_err(|e| fail("checking out the templates", e.message().to_string()))?;
    Ok(commit.id().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@localhost", "-C"])
            .arg(dir)
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn fetches_the_newest_commit_of_the_branch_and_drops_local_edits() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        git(&work, &["init", "-q", "-b", "main"]);
        std::fs::write(work.join("a.j2"), "one\n").unwrap();
        git(&work, &["add", "."]);
        git(&work, &["commit", "-q", "-m", "one"]);
        let bare = dir.path().join("templates.git");
        let status = std::process::Command::new("git")
            .args(["clone", "-q", "--bare"])
            .arg(&work)
            .arg(&bare)
            .status()
            .unwrap();
        assert!(status.success());

        let dest = dir.path().join("checkout");
        let url = format!("file://{}", bare.display());
        let access = |url: &str| RemoteAccess::plain(url, dir.path());
        let first = checkout_branch(&access(&url), "main", &dest).unwrap();
        assert_eq!(std::fs::read_to_string(dest.join("a.j2")).unwrap(), "one\n");

        std::fs::write(work.join("a.j2"), "two\n").unwrap();
        git(&work, &["commit", "-q", "-am", "two"]);
        git(&work, &["push", "-q", bare.to_str().unwrap(), "main"]);
        std::fs::write(dest.join("a.j2"), "edited by hand\n").unwrap();
        let second = checkout_branch(&access(bare.to_str().unwrap()), "main", &dest).unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(dest.join("a.j2")).unwrap(), "two\n");

        let missing = checkout_branch(&access(&url), "nope", &dest)
            .unwrap_err()
            .to_string();
        assert!(missing.contains("`nope`"), "{missing}");
        assert!(missing.contains("templates_repo"), "{missing}");
    }
}
