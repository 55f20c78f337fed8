// Words of signing in and out and of the user administration (merged into i18n.js).

export const SESSION_WORDS = {
  sv: {
    'signin.withProvider': 'Logga in med kommunens konto',
    'signin.providerIntro':
      'Du loggar in med ditt vanliga konto i kommunen. Vad du får göra i fonden bestäms av den roll som fondens administratör har gett dig.',
    'signin.stale':
      'Inloggningen kunde inte slutföras (den var för gammal eller påbörjades i en annan flik). Försök igen.',
    'signin.providerRefused': 'Inloggningstjänsten godkände inte inloggningen. Försök igen.',
    'signin.unreachable': 'Inloggningstjänsten svarar inte just nu. Försök igen om en stund.',
    'signin.insecure': 'Inloggningen kräver en säker anslutning (https).',
    'signin.notConfigured':
      'Inloggning i översikten är inte inställd för den här tjänsten. Kontakta fondens administratör.',
    'signin.signedOut': 'Du är utloggad.',
    'signin.refusedTitle': 'Ingen behörighet i fonden',
    'signin.noRole':
      'Du är inloggad som {who}, men du har ingen roll i digitaliseringsfonden. Be fondens administratör att ge dig en roll.',
    'signin.ambiguous':
      'Du är inloggad som {who}, men du har flera roller i fonden och kan bara logga in i en. Be fondens administratör att ta bort de roller du inte ska ha.',
    'nav.users': 'Användare',
    'users.title': 'Användare och roller',
    'users.intro':
      'Vem som får använda fonden och i vilken roll. Varje ändring registreras i fondens logg med vem som gjorde den och när. Token för skript skapas med kommandot ledger tokens.',
    'users.table': 'Användare',
    'users.id': 'Användar-id',
    'users.name': 'Namn',
    'users.roles': 'Roller',
    'users.tokens': 'Aktiva token',
    'users.none': 'Ingen roll',
    'users.add': 'Lägg till användare',
    'users.addSubmit': 'Lägg till',
    'users.role': 'Roll',
    'users.reason': 'Skäl (valfritt)',
    'users.grant': 'Ge roll',
    'users.grantSubmit': 'Ge',
    'users.revoke': 'Ta bort {role} från {name}',
    'users.ownAdmin': '(din egen: en annan administratör kan ta bort den)',
    'users.revoked': '{name} har inte längre rollen {role}.',
    'users.added': '{name} lades till med rollen {role}.',
    'users.granted': '{name} fick rollen {role}.',
    'users.alreadyHolds': '{name} har redan rollen {role}; inget ändrades.',
    'users.confirmTitle': 'Ta bort rollen {role} från {name}?',
    'users.confirmToken':
      '{name} har 1 aktiv token i rollen. Den slutar gälla genast, och att ge rollen igen ger inte tillbaka den: en ny token kan bara skapas med kommandot ledger tokens create.',
    'users.confirmTokens':
      '{name} har {n} aktiva token i rollen. De slutar gälla genast, och att ge rollen igen ger inte tillbaka dem: nya token kan bara skapas med kommandot ledger tokens create.',
    'users.confirmNoTokens':
      '{name} kan inte längre arbeta i fonden som {role} förrän någon ger rollen igen.',
    'users.confirmYes': 'Ta bort rollen',
    'users.confirmNo': 'Avbryt',
    'users.revokeUnknown':
      'Svaret från tjänsten uteblev, så det är oklart om rollen togs bort. Ladda om sidan för att se läget; att ta bort den en gång till gör ingen skada.',
    'users.idHelp': 'Samma id som i kommunens inloggning (t.ex. fornamn.efternamn).',
    'refusal.USER_ALREADY_EXISTS':
      'Det finns redan en användare med det id:t. Ge den en roll i stället.',
    'refusal.USER_NOT_FOUND': 'Användaren finns inte.',
    'refusal.OWN_ADMIN_ROLE':
      'Du kan inte ta bort din egen administratörsroll. En annan administratör kan göra det.',
    'refusal.OWN_GRANT': 'Du kan inte ge dig själv en roll. En annan administratör kan göra det.',
    'refusal.LAST_ADMIN':
      'Det är registrets sista administratör. Ge någon annan rollen administratör först.',
    'refusal.TOO_MANY_FAILED_AUTHENTICATIONS':
      'För många misslyckade inloggningar från den här datorn. Försök igen om {retryAfterSeconds} s.',
    'refusal.ROLE_NOT_HELD': 'Användaren har inte den rollen.',
    'refusal.USER_ID_INVALID':
      'Ett användar-id: bokstäver, siffror och . _ @ -, först en bokstav eller siffra.',
    'refusal.USER_NAME_INVALID': 'Namnet ska vara 1–300 tecken vanlig text, utan styrtecken.',
  },
  en: {
    'signin.withProvider': "Sign in with the municipality's account",
    'signin.providerIntro':
      'You sign in with your usual municipal account. What you may do in the fund is decided by the role the fund administrator has given you.',
    'signin.stale':
      'The sign-in could not be completed (it was too old or started in another tab). Please try again.',
    'signin.providerRefused': 'The sign-in service did not accept the sign-in. Please try again.',
    'signin.unreachable': 'The sign-in service is not answering right now. Try again shortly.',
    'signin.insecure': 'Signing in needs a secure connection (https).',
    'signin.notConfigured':
      'Signing in to the dashboard is not set up for this service. Contact the fund administrator.',
    'signin.signedOut': 'You have signed out.',
    'signin.refusedTitle': 'No access to the fund',
    'signin.noRole':
      'You are signed in as {who}, but you have no role in the digitalisation fund. Ask the fund administrator to give you one.',
    'signin.ambiguous':
      'You are signed in as {who}, but you hold several roles in the fund and can sign in in one only. Ask the fund administrator to remove the roles you should not have.',
    'nav.users': 'Users',
    'users.title': 'Users and roles',
    'users.intro':
      'Who may use the fund and in which role. Every change is recorded in the ledger with who made it and when. Tokens for scripts are made with the ledger tokens command.',
    'users.table': 'Users',
    'users.id': 'User id',
    'users.name': 'Name',
    'users.roles': 'Roles',
    'users.tokens': 'Active tokens',
    'users.none': 'No role',
    'users.add': 'Add a user',
    'users.addSubmit': 'Add',
    'users.role': 'Role',
    'users.reason': 'Reason (optional)',
    'users.grant': 'Grant a role',
    'users.grantSubmit': 'Grant',
    'users.revoke': 'Remove {role} from {name}',
    'users.ownAdmin': '(your own: another administrator can remove it)',
    'users.revoked': '{name} no longer holds the role {role}.',
    'users.added': '{name} was added with the role {role}.',
    'users.granted': '{name} was granted the role {role}.',
    'users.alreadyHolds': '{name} already holds the role {role}; nothing changed.',
    'users.confirmTitle': 'Remove the role {role} from {name}?',
    'users.confirmToken':
      '{name} has 1 active token in this role. It stops working at once, and granting the role again does not bring it back: a new token can only be made with the command ledger tokens create.',
    'users.confirmTokens':
      '{name} has {n} active tokens in this role. They stop working at once, and granting the role again does not bring them back: new tokens can only be made with the command ledger tokens create.',
    'users.confirmNoTokens':
      '{name} can no longer work in the fund as {role} until someone grants the role again.',
    'users.confirmYes': 'Remove the role',
    'users.confirmNo': 'Cancel',
    'users.revokeUnknown':
      'No answer came back from the service, so it is unclear whether the role was removed. Reload the page to see; removing it once more does no harm.',
    'users.idHelp': "The same id as in the municipality's sign-in (e.g. firstname.lastname).",
    'refusal.USER_ALREADY_EXISTS': 'There is already a user with that id. Grant it a role instead.',
    'refusal.USER_NOT_FOUND': 'There is no such user.',
    'refusal.OWN_ADMIN_ROLE':
      'You cannot remove your own administrator role. Another administrator can.',
    'refusal.OWN_GRANT': 'You cannot grant yourself a role. Another administrator can.',
    'refusal.LAST_ADMIN':
      "This is the register's last administrator. Make someone else an administrator first.",
    'refusal.TOO_MANY_FAILED_AUTHENTICATIONS':
      'Too many failed sign-ins from this computer. Try again in {retryAfterSeconds} s.',
    'refusal.ROLE_NOT_HELD': 'The user does not hold that role.',
    'refusal.USER_ID_INVALID':
      'A user id: letters, digits and . _ @ -, starting with a letter or digit.',
    'refusal.USER_NAME_INVALID': 'The name must be 1–300 characters of plain text.',
  },
};
