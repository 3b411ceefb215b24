{* embyprov: shown when the module could not render the service page at all
   (library missing, database not writable, ...). The text is plain. *}
<div class="alert alert-danger" role="alert" data-test="embyprov-error">
  {$embyprov_error|escape:'html'}
</div>
<p>{$LANG.clientareahostingregdate}: {$regdate} &middot; {$LANG.clientareastatus}: {$status} &middot; {$LANG.clientareahostingnextduedate}: {$nextduedate}</p>
