//! Git repositories of configurations (backups, intended configs): files are written fully
//! before one commit per job, and an optional push (over a path, SSH or HTTPS) retries
//! through fetch + rebase when the remote moved on.

use std::path::{Path, PathBuf};

use git2::{FetchOptions, IndexAddOption, PushOptions, Repository, Signature};

use crate::StoreError;
use crate::remote::{RemoteAccess, Transcript};

/// A working tree Aurum commits configurations into.
pub struct ConfigRepo {
    repo: Repository,
    path: PathBuf,
    branch: String,
}

impl ConfigRepo {
    /// Opens the repository at `path`, creating it (and the folder) if needed. Two processes
    /// may start jobs on a new repository at once: the one whose init loses the race on
    /// git's lock files opens what the other created.
    pub fn open_or_init(path: &Path, branch: &str) -> Result<ConfigRepo, StoreError> {
        std::fs::create_dir_all(path)
            .map_err(|e| git_error(path, "creating the repository folder", e.to_string()))?;
        let mut attempts = 0;
        let repo = loop {
            if let Ok(repo) = Repository::open(path) {
                break repo;
            }
            let mut options = git2::RepositoryInitOptions::new();
            options.initial_head(branch);
            match Repository::init_opts(path, &options) {
                Ok(repo) => break repo,
                Err(_) if attempts < 40 => {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => {
                    return Err(git_error(
                        path,
                        "initialising the repository",
                        e.message().to_string(),
                    ));
                }
            }
        };
        Ok(ConfigRepo {
            repo,
            path: path.to_path_buf(),
            branch: branch.to_string(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one file of the working tree of the repository at `root` through a temporary
    /// file and a rename, so a crash never leaves a half-written configuration. `relative`
    /// must stay inside the repository. Needs no open repository: a job's devices each write
    /// their file, and only the job's one commit opens it.
    pub fn write_file_in(root: &Path, relative: &str, content: &str) -> Result<(), StoreError> {
        let relative_path = Path::new(relative);
        if relative_path.is_absolute()
            || relative_path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(git_error(
                root,
                "writing a file",
                format!("path `{relative}` leaves the repository; fix the path template"),
            ));
        }
        let target = root.join(relative_path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| git_error(root, "creating a folder", e.to_string()))?;
        }
        let temporary = target.with_extension("aurum-tmp");
        std::fs::write(&temporary, content)
            .and_then(|()| std::fs::rename(&temporary, &target))
            .map_err(|e| {
                git_error(
                    root,
                    "writing a configuration file",
                    format!("{}: {e}", target.display()),
                )
            })
    }

    /// Commits everything in the working tree if anything changed; returns the commit id.
    pub fn commit_all(&self, message: &str) -> Result<Option<String>, StoreError> {
        let fail =
            |what: &str, e: git2::Error| git_error(&self.path, what, e.message().to_string());
        let mut index = self
            .repo
            .index()
            .map_err(|e| fail("reading the index", e))?;
        index
            .add_all(
                ["*"],
                IndexAddOption::DEFAULT,
                Some(&mut |path: &Path, _: &[u8]| {
                    // Temporary files of an interrupted write are never committed.
                    i32::from(path.extension().is_some_and(|e| e == "aurum-tmp"))
                }),
            )
            .map_err(|e| fail("staging files", e))?;
        index
            .update_all(["*"], None)
            .map_err(|e| fail("staging deletions", e))?;
        index.write().map_err(|e| fail("writing the index", e))?;
        let tree_id = index
            .write_tree()
            .map_err(|e| fail("writing the tree", e))?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| fail("reading the tree", e))?;
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        if parent.as_ref().is_some_and(|p| p.tree_id() == tree_id) {
            return Ok(None);
        }
        let signature =
            Signature::now("Aurum", "aurum@localhost").map_err(|e| fail("signing", e))?;
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let id = self
            .repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                message,
                &tree,
                &parents,
            )
            .map_err(|e| fail("committing", e))?;
        Ok(Some(id.to_string()))
    }

    /// Pushes the branch to `remote`. A push refused because the remote moved on is retried
    /// after fetching and rebasing onto it; any other refusal (a hook, permissions, a host key,
    /// credentials) fails at once with the remote's reason. The commit stays local either way,
    /// so the next job pushes it once the remote accepts.
    pub fn push(&self, remote: &RemoteAccess, attempts: u32) -> Result<(), StoreError> {
        let shown = remote.shown();
        let fail = |message: String| {
            git_error(
                &self.path,
                &format!("pushing to {shown}"),
                format!(
                    "{message}; the commit is kept locally and the next job pushes it once the \
                     remote accepts"
                ),
            )
        };
        let mut remote_handle = self
            .repo
            .remote_anonymous(remote.url())
            .map_err(|e| fail(remote.scrub(e.message())))?;
        let refspec = format!("refs/heads/{0}:refs/heads/{0}", self.branch);
        let attempts = attempts.max(1);
        for attempt in 1..=attempts {
            let transcript = Transcript::default();
            let mut refused: Option<String> = None;
            let result = {
                let mut callbacks = remote.callbacks(&transcript);
                callbacks.push_update_reference(|_, status| {
                    if let Some(message) = status {
                        refused = Some(message.to_string());
                    }
                    Ok(())
                });
                let mut options = PushOptions::new();
                options.remote_callbacks(callbacks);
                remote_handle.push(&[refspec.as_str()], Some(&mut options))
            };
            let (behind, reason) = match (result, refused) {
                (Ok(()), None) => return Ok(()),
                (Ok(()), Some(message)) => {
                    let said = transcript
                        .server_messages()
                        .map(|said| format!(" (the server said: {})", remote.scrub(&said)))
                        .unwrap_or_default();
                    (
                        is_behind(&message),
                        format!(
                            "the remote refused the push: {}{said}",
                            remote.scrub(&message)
                        ),
                    )
                }
                (Err(e), _) => (
                    e.code() == git2::ErrorCode::NotFastForward,
                    remote.explain(&e, &transcript),
                ),
            };
            if !behind {
                return Err(fail(reason));
            }
            tracing::warn!(repo = %self.path.display(), remote = shown, attempt, error = %reason, "push refused; fetching and rebasing");
            if attempt == attempts {
                return Err(fail(format!("{reason} (after {attempts} attempt(s))")));
            }
            self.fetch_and_rebase(&mut remote_handle, remote)?;
        }
        unreachable!("the last attempt returns")
    }

    fn fetch_and_rebase(
        &self,
        remote_handle: &mut git2::Remote,
        remote: &RemoteAccess,
    ) -> Result<(), StoreError> {
        let fail =
            |what: &str, e: git2::Error| git_error(&self.path, what, e.message().to_string());
        let fetch_ref = format!(
            "refs/heads/{0}:refs/remotes/aurum-upstream/{0}",
            self.branch
        );
        let transcript = Transcript::default();
        let mut options = FetchOptions::new();
        options.remote_callbacks(remote.callbacks(&transcript));
        remote_handle
            .fetch(&[fetch_ref.as_str()], Some(&mut options), None)
            .map_err(|e| {
                git_error(
                    &self.path,
                    &format!("fetching from {}", remote.shown()),
                    remote.explain(&e, &transcript),
                )
            })?;
        let upstream_ref = self
            .repo
            .find_reference(&format!("refs/remotes/aurum-upstream/{}", self.branch))
            .map_err(|e| fail("finding the fetched branch", e))?;
        let upstream = self
            .repo
            .reference_to_annotated_commit(&upstream_ref)
            .map_err(|e| fail("reading the fetched branch", e))?;
        let head = self.repo.head().map_err(|e| fail("reading HEAD", e))?;
        let local = self
            .repo
            .reference_to_annotated_commit(&head)
            .map_err(|e| fail("reading HEAD", e))?;
        let mut rebase = self
            .repo
            .rebase(Some(&local), Some(&upstream), None, None)
            .map_err(|e| fail("starting the rebase", e))?;
        let signature =
            Signature::now("Aurum", "aurum@localhost").map_err(|e| fail("signing", e))?;
        while let Some(operation) = rebase.next() {
            operation.map_err(|e| fail("rebasing", e))?;
            if self
                .repo
                .index()
                .map_err(|e| fail("reading the index", e))?
                .has_conflicts()
            {
                rebase.abort().map_err(|e| fail("aborting the rebase", e))?;
                return Err(git_error(
                    &self.path,
                    "rebasing onto the remote",
                    "the remote changed the same files; resolve by hand".to_string(),
                ));
            }
            rebase
                .commit(None, &signature, None)
                .map_err(|e| fail("rebasing a commit", e))?;
        }
        rebase
            .finish(Some(&signature))
            .map_err(|e| fail("finishing the rebase", e))?;
        Ok(())
    }
}

fn git_error(path: &Path, action: &str, message: String) -> StoreError {
    StoreError::Git {
        repo: path.display().to_string(),
        action: action.to_string(),
        message,
    }
}

/// Whether a push was refused because the remote has commits this repository lacks.
fn is_behind(message: &str) -> bool {
    ["non-fast-forward", "fetch first", "not present locally"]
        .iter()
        .any(|sign| message.contains(sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_creating_one_new_repository_at_once_all_open_it() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("backups");
            let opened: Vec<Result<ConfigRepo, StoreError>> = std::thread::scope(|scope| {
                let starts: Vec<_> = (0..8)
                    .map(|_| scope.spawn(|| ConfigRepo::open_or_init(&path, "main")))
                    .collect();
                starts.into_iter().map(|s| s.join().unwrap()).collect()
            });
            for result in opened {
                let repo = result.unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(repo.path(), path);
            }
        }
    }
}
