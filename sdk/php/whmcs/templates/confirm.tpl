{* embyprov: confirmation for a client custom button. The form posts the
   action with the session's CSRF token to the service page. *}
<form method="post" action="{$embyprov_form_action|escape:'html'}">
  <input type="hidden" name="token" value="{$embyprov_csrf|escape:'html'}">
  <input type="hidden" name="csrf_token" value="{$embyprov_csrf|escape:'html'}">
  <input type="hidden" name="embyprov_action" value="{$embyprov_action|escape:'html'}">
  <p>{$embyprov_question|escape:'html'}</p>
  <button type="submit" class="btn btn-danger">{$embyprov_confirm|escape:'html'}</button>
  <a href="{$embyprov_form_action|escape:'html'}" class="btn btn-default">{$LANG.cancel}</a>
</form>
