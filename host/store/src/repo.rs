//! Git repositories of configurations (backups, intended configs): files are written fully
//! before one commit per job, and an optional push retries through fetch + rebase.

use std::path::{Path, PathBuf};

use git2::{Cred, IndexAddOption, PushOptions, RemoteCallbacks, Repository, Signature};

use crate::StoreError;

/// A working tree Aurum commits configurations into.
pub struct ConfigRepo {
    repo: Repository,
    path: PathBuf,
    branch: String,
}

impl ConfigRepo {
    /// Opens the repository at `path`, creating it (and the folder) if needed.
    pub fn open_or_init(path: &Path, branch: &str) -> Result<ConfigRepo, StoreError> {
        std::fs::create_dir_all(path)
            .map_err(|e| git_error(path, "creating the repository folder", e.to_string()))?;
        let repo = match Repository::open(path) {
            Ok(repo) => repo,
            Err(_) => {
                let mut options = git2::RepositoryInitOptions::new();
                options.initial_head(branch);
                Repository::init_opts(path, &options).map_err(|e| {
                    git_error(path, "initialising the repository", e.message().to_string())
                })?
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

    /// Writes one file of the working tree through a temporary file and a rename, so a crash
    /// never leaves a half-written configuration. `relative` must stay inside the repository.
    pub fn write_file(&self, relative: &str, content: &str) -> Result<(), StoreError> {
        let relative_path = Path::new(relative);
        if relative_path.is_absolute()
            || relative_path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(git_error(
                &self.path,
                "writing a file",
                format!("path `{relative}` leaves the repository; fix the path template"),
            ));
        }
        let target = self.path.join(relative_path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| git_error(&self.path, "creating a folder", e.to_string()))?;
        }
        let temporary = target.with_extension("aurum-tmp");
        std::fs::write(&temporary, content)
            .and_then(|()| std::fs::rename(&temporary, &target))
            .map_err(|e| {
                git_error(
                    &self.path,
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

    /// Pushes the branch to `remote` (a URL or path). A rejected push (the remote moved on) is
    /// retried after fetching and rebasing onto it; a push that still fails is an error, never
    /// a silent success.
    pub fn push(&self, remote: &str, attempts: u32) -> Result<(), StoreError> {
        let fail = |what: &str, message: String| git_error(&self.path, what, message);
        let mut remote_handle = self
            .repo
            .remote_anonymous(remote)
            .map_err(|e| fail("opening the remote", e.message().to_string()))?;
        let refspec = format!("refs/heads/{0}:refs/heads/{0}", self.branch);
        let mut last_error = String::new();
        for attempt in 1..=attempts.max(1) {
            let mut rejection: Option<String> = None;
            let result = {
                let mut callbacks = RemoteCallbacks::new();
                callbacks.credentials(|_, user, _| Cred::ssh_key_from_agent(user.unwrap_or("git")));
                callbacks.push_update_reference(|_, status| {
                    if let Some(message) = status {
                        rejection = Some(message.to_string());
                    }
                    Ok(())
                });
                let mut options = PushOptions::new();
                options.remote_callbacks(callbacks);
                remote_handle.push(&[refspec.as_str()], Some(&mut options))
            };
            match (result, rejection) {
                (Ok(()), None) => return Ok(()),
                (Ok(()), Some(message)) => {
                    last_error = format!("the remote rejected the push: {message}")
                }
                (Err(e), _) => last_error = e.message().to_string(),
            }
            tracing::warn!(repo = %self.path.display(), attempt, error = %last_error, "push failed; fetching and rebasing");
            if attempt < attempts {
                self.fetch_and_rebase(&mut remote_handle)?;
            }
        }
        Err(fail(
            "pushing",
            format!(
                "{last_error} (after {attempts} attempt(s)); the commit is kept locally, push it by hand or fix the remote"
            ),
        ))
    }

    fn fetch_and_rebase(&self, remote: &mut git2::Remote) -> Result<(), StoreError> {
        let fail =
            |what: &str, e: git2::Error| git_error(&self.path, what, e.message().to_string());
        let fetch_ref = format!(
            "refs/heads/{0}:refs/remotes/aurum-upstream/{0}",
            self.branch
        );
        remote
            .fetch(&[fetch_ref.as_str()], None, None)
            .map_err(|e| fail("fetching", e))?;
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
