//! SSH login with a target's credentials: its private key first (when its secrets group has
//! one), then its password, then keyboard-interactive answered with the password, which is
//! all many devices offer.

use std::sync::Arc;

use russh::client::{self, KeyboardInteractiveAuthResponse};
use russh::keys::{PrivateKeyWithHashAlg, decode_secret_key};

use crate::session::Verifier;
use crate::{ConnectError, Target};

pub(crate) async fn authenticate(
    handle: &mut client::Handle<Verifier>,
    target: &Target,
) -> Result<(), ConnectError> {
    let credentials = &target.credentials;
    let user = credentials.username.clone();
    let failed = || ConnectError::AuthFailed {
        device: target.name.clone(),
        address: target.address(),
        user: user.clone(),
    };
    let transport = |e: russh::Error| ConnectError::Disconnected {
        device: target.name.clone(),
        address: target.address(),
        during: format!("during login: {e}"),
    };
    if let Some(text) = &credentials.private_key {
        let key = decode_secret_key(text, None).map_err(|e| ConnectError::Credentials {
            device: target.name.clone(),
            reason: format!("cannot read the private key of its secrets group: {e}"),
        })?;
        let hash = handle
            .best_supported_rsa_hash()
            .await
            .map_err(transport)?
            .flatten();
        let result = handle
            .authenticate_publickey(
                user.clone(),
                PrivateKeyWithHashAlg::new(Arc::new(key), hash),
            )
            .await
            .map_err(transport)?;
        if result.success() {
            return Ok(());
        }
    }
    let Some(password) = &credentials.password else {
        return Err(failed());
    };
    if handle
        .authenticate_password(user.clone(), password.clone())
        .await
        .map_err(transport)?
        .success()
    {
        return Ok(());
    }
    // Many devices only offer keyboard-interactive; answer every prompt with the password.
    let mut response = handle
        .authenticate_keyboard_interactive_start(user.clone(), None)
        .await
        .map_err(transport)?;
    for _ in 0..3 {
        match response {
            KeyboardInteractiveAuthResponse::Success => return Ok(()),
            KeyboardInteractiveAuthResponse::Failure { .. } => return Err(failed()),
            KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                let answers = prompts.iter().map(|_| password.clone()).collect();
                response = handle
                    .authenticate_keyboard_interactive_respond(answers)
                    .await
                    .map_err(transport)?;
            }
        }
    }
    Err(failed())
}
