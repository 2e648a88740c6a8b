/** What the gateway serves itself besides the API: the pages' short addresses and the event contract. */
package org.relais.gateway.site;
