{* embyprov: the service page. The Emby part is rendered (and HTML-escaped)
   by libembyprov; this template adds the billing facts WHMCS would show on
   its own overview, since the module replaces that overview. *}
<div class="embyprov-whmcs">
  <div class="row">
    <div class="col-sm-5">{$LANG.clientareahostingregdate}</div><div class="col-sm-7">{$regdate}</div>
  </div>
  <div class="row">
    <div class="col-sm-5">{$LANG.orderproduct}</div><div class="col-sm-7">{$groupname} - {$product}</div>
  </div>
  <div class="row">
    <div class="col-sm-5">{$LANG.recurringamount}</div><div class="col-sm-7">{$recurringamount} ({$billingcycle})</div>
  </div>
  <div class="row">
    <div class="col-sm-5">{$LANG.clientareahostingnextduedate}</div><div class="col-sm-7">{$nextduedate}</div>
  </div>
  <div class="row">
    <div class="col-sm-5">{$LANG.orderpaymentmethod}</div><div class="col-sm-7">{$paymentmethod}</div>
  </div>
  <div class="row">
    <div class="col-sm-5">{$LANG.clientareastatus}</div><div class="col-sm-7">{$status}</div>
  </div>
  {if $suspendreason}
  <div class="row">
    <div class="col-sm-5">{$LANG.suspendreason}</div><div class="col-sm-7">{$suspendreason}</div>
  </div>
  {/if}
  <div class="row" style="margin: 1em 0">
    {if $packagesupgrade}
    <div class="col-sm-6"><a href="upgrade.php?type=package&amp;id={$id}" class="btn btn-success btn-block">{$LANG.upgrade}</a></div>
    {/if}
    <div class="col-sm-6"><a href="clientarea.php?action=cancel&amp;id={$id}" class="btn btn-danger btn-block{if $pendingcancellation} disabled{/if}">{if $pendingcancellation}{$LANG.cancellationrequested}{else}{$LANG.cancel}{/if}</a></div>
  </div>
  <hr>
  {$embyprov_html}
</div>
